package org.jdrand.tlock;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.GtElement;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.backend.bn254.Bn254Gt;

/**
 * Boneh-Franklin FullIdent, the CCA-secure IBE drand's timelock uses (kyber encrypt/ibe
 * EncryptCCAonG1/G2, tlock-js crypto/ibe.ts), over SHA-256 (legacy Keccak-256 on BN254, see
 * {@link TlockScheme}). The master key is the chain's public key, an identity is a round's message
 * and its private key is that round's signature.
 *
 * <p>Encrypt: Q = H1(id) in the identity group, σ random, r = H3(σ, M), U = r·g,
 * V = σ ⊕ H2(e(r·master, Q)), W = M ⊕ H4(σ). Decrypt: σ = V ⊕ H2(e(U, sig)), M = W ⊕ H4(σ),
 * then the check U = H3(σ, M)·g that makes it CCA-secure (and rejects a wrong signature).
 */
public final class Ibe {
    /** Longest message: the hash output (SHA-256 or Keccak-256) that masks it. */
    public static final int MAX_MESSAGE = 32;

    static final byte[] H2_LABEL = "IBE-H2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] H3_LABEL = "IBE-H3".getBytes(StandardCharsets.US_ASCII);
    static final byte[] H4_LABEL = "IBE-H4".getBytes(StandardCharsets.US_ASCII);

    /**
     * kyber "masks" 32·8 − bitlen(r) bits before testing a candidate against r: it shifts the
     * first (most significant) byte right by that many bits (1 on BLS12-381, 2 on BN254).
     */
    static int h3MaskedBits(BigInteger order) {
        return 8 * Scalar.BYTES - order.bitLength();
    }

    private final BlsBackend backend;

    public Ibe(BlsBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    public BlsBackend backend() {
        return backend;
    }

    /** The backend holding {@code s}'s points: the bn254 one for BN254, else the configured one. */
    public BlsBackend backend(TlockScheme s) {
        return BlsBackends.forScheme(backend, s.scheme());
    }

    /** Encrypts {@code message} (1 to 32 bytes) to {@code identity} under {@code master}. */
    public IbeCiphertext encrypt(TlockScheme s, Point master, byte[] identity, byte[] message, SecureRandom random) {
        if (message.length == 0 || message.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("ibe: message of " + message.length + " bytes (expected 1 to " + MAX_MESSAGE + ")");
        }
        if (master.group() != s.ciphertextGroup() || master.isInfinity()) {
            throw new IllegalArgumentException("ibe: public key " + (master.isInfinity() ? "at infinity" : "in " + master.group())
                    + " (expected a point of " + s.ciphertextGroup() + ")");
        }
        Point qid = backend(s).hashToCurve(s.identityGroup(), identity, s.scheme().dstBytes());
        byte[] sigma = new byte[message.length];
        random.nextBytes(sigma);
        return encryptWithSigma(s, master, qid, message, sigma);
    }

    /** The deterministic part of {@link #encrypt}, given σ (tests pin σ to check against known ciphertexts). */
    IbeCiphertext encryptWithSigma(TlockScheme s, Point master, Point qid, byte[] message, byte[] sigma) {
        Scalar r = h3(s, sigma, message);
        Point u = backend(s).generator(s.ciphertextGroup()).multiply(r);
        byte[] rGid;
        if (s.isBn254()) {
            // kyber's Gid.Mul(r, Gid): the pairing of public points, then a fixed-sequence power
            rGid = Bn254Gt.pair(qid, master).pow(r.toBigInteger()).toBytes();
        } else {
            // e(master, Q)^r computed as e(r·master, Q): no exponentiation in GT needed
            rGid = pair(s, master.multiply(r), qid).toBytes();
        }
        byte[] v = xor(sigma, h2(s, rGid, message.length));
        byte[] w = xor(message, h4(s, sigma, message.length));
        return new IbeCiphertext(u.toBytes(), v, w);
    }

    /**
     * Decrypts with the identity's private key (the round's signature, already decoded).
     *
     * @throws IbeDecryptionException when U is not a valid point or the rP check fails (a wrong
     *     signature, or a tampered ciphertext)
     */
    public byte[] decrypt(TlockScheme s, Point signature, IbeCiphertext c) throws IbeDecryptionException {
        if (signature.group() != s.identityGroup()) {
            throw new IllegalArgumentException("ibe: signature in " + signature.group() + " (expected " + s.identityGroup() + ")");
        }
        Point u;
        try {
            u = backend(s).decode(s.ciphertextGroup(), c.u());
        } catch (InvalidEncodingException e) {
            throw new IbeDecryptionException("tlock: ciphertext U is not a valid " + s.ciphertextGroup() + " point: " + e.getMessage(), e);
        }
        byte[] v = c.v();
        byte[] w = c.w();
        byte[] gt = s.isBn254() ? Bn254Gt.pair(signature, u).toBytes() : pair(s, u, signature).toBytes();
        byte[] sigma = xor(v, h2(s, gt, w.length));
        byte[] message = xor(w, h4(s, sigma, w.length));
        Point rp = backend(s).generator(s.ciphertextGroup()).multiply(h3(s, sigma, message));
        if (!rp.equals(u)) {
            Arrays.fill(message, (byte) 0);
            throw new IbeDecryptionException("tlock: invalid proof: rP check failed (wrong beacon for this round, or a tampered ciphertext)");
        }
        return message;
    }

    private GtElement pair(TlockScheme s, Point a, Point b) {
        BlsBackend bls = backend(s);
        return a.group() == Group.G1 ? bls.pairing(a, b) : bls.pairing(b, a);
    }

    /**
     * H2: hash("IBE-H2" ‖ GT bytes, highest coefficient first), truncated ({@link GtElement} on
     * BLS12-381, {@link Bn254Gt} on BN254).
     */
    static byte[] h2(TlockScheme s, byte[] gt, int length) {
        MessageDigest sha = s.newHash();
        sha.update(H2_LABEL);
        sha.update(gt);
        return Arrays.copyOf(sha.digest(), length);
    }

    /**
     * H3: h = hash("IBE-H3" ‖ σ ‖ M); then for i = 1, 2, …: hash(LE16(i) ‖ h) with its first byte
     * shifted right by {@link #h3MaskedBits}, the first such value below r (rejection sampling, no
     * reduction).
     */
    static Scalar h3(TlockScheme s, byte[] sigma, byte[] message) {
        BigInteger order = s.order();
        int masked = h3MaskedBits(order);
        MessageDigest sha = s.newHash();
        sha.update(H3_LABEL);
        sha.update(sigma);
        sha.update(message);
        byte[] h = sha.digest();
        for (int i = 1; i < 65535; i++) {
            sha.update(new byte[] {(byte) i, (byte) (i >>> 8)});
            sha.update(h);
            byte[] candidate = sha.digest();
            candidate[0] = (byte) ((candidate[0] & 0xff) >>> masked);
            if (new BigInteger(1, candidate).compareTo(order) < 0) {
                return Scalar.fromBytes(candidate);
            }
        }
        throw new IllegalStateException("ibe: no scalar found by H3 in 65534 tries");
    }

    /** H4: hash("IBE-H4" ‖ σ), truncated. */
    static byte[] h4(TlockScheme s, byte[] sigma, int length) {
        MessageDigest sha = s.newHash();
        sha.update(H4_LABEL);
        sha.update(sigma);
        return Arrays.copyOf(sha.digest(), length);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
