package org.jdrand.crypto.bls;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * Plain BLS signatures per drand scheme (kyber sign/bls): keys in the scheme's key group,
 * signatures σ = x·H(m) in its signature group with the scheme's DST. Verification is
 * e(pk, H(m)) = e(g, σ), with g the key-group generator, written as one pairing product. Unlike
 * kyber, infinity keys and signatures are rejected (they satisfy the equation trivially).
 *
 * <p>Built on the configured BLS12-381 backend; a BN254 scheme's operations go to the bn254
 * backend ({@link BlsBackends#forScheme}), so one {@code Bls} serves every scheme of a daemon.
 */
public final class Bls {
    private final BlsBackend backend;
    private final Map<Group, Point> negatedGenerators = new EnumMap<>(Group.class);
    private final Map<Group, Point> negatedBn254Generators = new EnumMap<>(Group.class);

    public Bls(BlsBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        for (Group g : Group.values()) {
            negatedGenerators.put(g, backend.generator(g).negate());
            negatedBn254Generators.put(g, BlsBackends.bn254().generator(g).negate());
        }
    }

    /** The configured BLS12-381 backend. */
    public BlsBackend backend() {
        return backend;
    }

    /** The backend holding {@code scheme}'s points: bn254 for BN254 schemes, else {@link #backend()}. */
    public BlsBackend backend(Scheme scheme) {
        return BlsBackends.forScheme(backend, scheme);
    }

    /** X = x·g in the key group. */
    public Point publicKey(Scheme scheme, Scalar secret) {
        return backend(scheme).generator(scheme.keyGroup()).multiply(secret);
    }

    /** H(m) in the signature group with the scheme's DST. */
    public Point hashToSignatureGroup(Scheme scheme, byte[] message) {
        return backend(scheme).hashToCurve(scheme.signatureGroup(), message, scheme.dstBytes());
    }

    /** The compressed signature x·H(m). */
    public byte[] sign(Scheme scheme, Scalar secret, byte[] message) {
        return hashToSignatureGroup(scheme, message).multiply(secret).toBytes();
    }

    /**
     * Checks a compressed signature. False for a malformed or infinity signature, an infinity or
     * wrong-group key, or a failed pairing check.
     */
    public boolean verify(Scheme scheme, Point publicKey, byte[] message, byte[] signature) {
        Point sig;
        try {
            sig = backend(scheme).decode(scheme.signatureGroup(), signature);
        } catch (InvalidEncodingException e) {
            return false;
        }
        return verifyPoint(scheme, publicKey, hashToSignatureGroup(scheme, message), sig);
    }

    /**
     * The pairing check e(pk, h) = e(g, σ) on decoded points, with h = H(m) already computed (so
     * callers checking many signatures on one message hash it once). False for infinity inputs.
     */
    public boolean verifyPoint(Scheme scheme, Point publicKey, Point hashedMessage, Point signature) {
        if (publicKey == null || publicKey.isInfinity() || publicKey.group() != scheme.keyGroup()) {
            return false;
        }
        if (signature.isInfinity() || signature.group() != scheme.signatureGroup()) {
            return false;
        }
        return pairingCheck(scheme, publicKey, hashedMessage, signature);
    }

    /**
     * e(key, h)·e(−g, sig) = 1 with no infinity checks: batch verification uses it on random
     * linear combinations, where the caller has already rejected infinity inputs.
     */
    public boolean pairingCheck(Scheme scheme, Point key, Point hashedMessage, Point signature) {
        Point negG = (scheme.isBn254() ? negatedBn254Generators : negatedGenerators).get(scheme.keyGroup());
        BlsBackend b = backend(scheme);
        if (scheme.keyGroup() == Group.G1) {
            return b.pairingProductIsOne(List.of(key, negG), List.of(hashedMessage, signature));
        }
        return b.pairingProductIsOne(List.of(hashedMessage, signature), List.of(key, negG));
    }
}
