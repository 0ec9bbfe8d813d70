package org.jdrand.dkg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * Schnorr signatures on the key group that authenticate DKG bundles (drand/kyber
 * sign/schnorr; dkg.md §2): R = k·G, e = SHA-512(R ‖ X ‖ msg) mod r, s = k + e·x,
 * signature = R ‖ 32-byte BE s (R compressed on BLS12-381, uncompressed on BN254; r the
 * backend's group order).
 */
public final class Schnorr {
    private final BlsBackend backend;
    private final Group group;
    /** Bytes of an encoded point of the group: compressed BLS12-381, uncompressed BN254. */
    private final int pointLength;

    /** Scalars are taken mod the backend's group order (BLS12-381's or BN254's r). */
    public Schnorr(BlsBackend backend, Group group) {
        this.backend = backend;
        this.group = group;
        this.pointLength = backend.generator(group).toBytes().length;
    }

    /** Bytes of a signature: the encoded point plus a 32-byte scalar. */
    public int signatureSize() {
        return pointLength + Scalar.BYTES;
    }

    public byte[] sign(Scalar secret, byte[] message, SecureRandom random) {
        return sign(secret, message, Scalar.random(random, backend.groupOrder()));
    }

    /** Signing with a given nonce k (known-answer tests); never reuse one. */
    byte[] sign(Scalar secret, byte[] message, Scalar k) {
        Point g = backend.generator(group);
        byte[] r = g.multiply(k).toBytes();
        Scalar e = challenge(r, g.multiply(secret).toBytes(), message, backend.groupOrder());
        byte[] s = k.add(e.multiply(secret)).toBytes();
        byte[] sig = Arrays.copyOf(r, r.length + s.length);
        System.arraycopy(s, 0, sig, r.length, s.length);
        return sig;
    }

    /**
     * Checks a signature: exact length, s < r, and R == s·G − e·X. R is compared as bytes with
     * the recomputed point (which is in the group by construction), so it needs no decoding.
     *
     * @throws InvalidEncodingException saying what failed (length, s range, equation)
     */
    public void verify(Point publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != signatureSize()) {
            throw new InvalidEncodingException("schnorr: signature length "
                    + (signature == null ? "null" : signature.length) + " (expected " + signatureSize() + ")");
        }
        byte[] rBytes = Arrays.copyOfRange(signature, 0, pointLength);
        Scalar s = Scalar.fromBytes(Arrays.copyOfRange(signature, pointLength, signature.length), backend.groupOrder());
        Scalar e = challenge(rBytes, publicKey.toBytes(), message, backend.groupOrder());
        Point expected = backend.generator(group).multiply(s).add(publicKey.multiply(e).negate());
        if (expected.isInfinity() || !Arrays.equals(expected.toBytes(), rBytes)) {
            throw new InvalidEncodingException("schnorr: signature does not verify");
        }
    }

    static Scalar challenge(byte[] r, byte[] publicKey, byte[] message, java.math.BigInteger order) {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 missing from the JDK", e);
        }
        sha512.update(r);
        sha512.update(publicKey);
        sha512.update(message);
        return Scalar.fromBytesReduced(sha512.digest(), order);
    }
}
