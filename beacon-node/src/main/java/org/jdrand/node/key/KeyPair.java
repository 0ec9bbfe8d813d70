package org.jdrand.node.key;

import java.security.SecureRandom;
import java.util.Objects;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Identity;

/**
 * A node's long-term key pair (drand key.Pair): secret scalar x and public X = x·G in the
 * scheme's key group, plus the self-signed identity. Never prints the secret.
 */
public final class KeyPair {
    private final Scalar secret;
    private final NodeIdentity identity;

    private KeyPair(Scalar secret, NodeIdentity identity) {
        this.secret = secret;
        this.identity = identity;
    }

    /** A fresh key pair for {@code address}, self-signed. */
    public static KeyPair generate(Bls bls, Scheme scheme, String address, SecureRandom random) {
        return fromSecret(bls, scheme, address, Scalar.random(random, scheme.groupOrder()));
    }

    /** The key pair of {@code secret}, (re-)self-signed as drand does at start. */
    public static KeyPair fromSecret(Bls bls, Scheme scheme, String address, Scalar secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isZero()) {
            throw new IllegalArgumentException("key pair: secret is zero");
        }
        Point key = bls.publicKey(scheme, secret);
        byte[] sig = Identity.selfSign(bls, scheme, secret);
        return new KeyPair(secret, new NodeIdentity(address, key, sig, scheme));
    }

    /** Pairs a stored secret with its stored public identity, checking they belong together. */
    static KeyPair of(Bls bls, Scalar secret, NodeIdentity identity) {
        Point expected = bls.publicKey(identity.scheme(), secret);
        if (!expected.equals(identity.key())) {
            throw new IllegalArgumentException("key pair: public key does not match the private key");
        }
        return new KeyPair(secret, identity);
    }

    public Scalar secret() {
        return secret;
    }

    public NodeIdentity identity() {
        return identity;
    }

    public Scheme scheme() {
        return identity.scheme();
    }

    @Override
    public String toString() {
        return "KeyPair[" + identity + ", secret=redacted]";
    }
}
