package org.jdrand.dkg;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * The ECIES that encrypts DKG shares (drand/kyber encrypt/ecies, hash SHA-256; dkg.md §4):
 * ephemeral R = r·G in the key group, DH = r·X compressed, HKDF-SHA256(IKM = DH, no salt, no
 * info) -> 32-byte AES-256-GCM key ‖ 12-byte nonce, output = compressed R ‖ ciphertext ‖ tag.
 */
public final class Ecies {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private final BlsBackend backend;
    private final Group group;
    /** Bytes of an encoded point of the group: compressed BLS12-381, uncompressed BN254. */
    private final int pointLength;

    public Ecies(BlsBackend backend, Group group) {
        this.backend = backend;
        this.group = group;
        this.pointLength = backend.generator(group).toBytes().length;
    }

    /** Encrypts to {@code recipient} with a fresh ephemeral key drawn from {@code random}. */
    public byte[] encrypt(Point recipient, byte[] plaintext, SecureRandom random) {
        return encrypt(recipient, plaintext, Scalar.random(random, backend.groupOrder()));
    }

    /** Encryption with a given ephemeral scalar (known-answer tests); never reuse one. */
    byte[] encrypt(Point recipient, byte[] plaintext, Scalar ephemeral) {
        Point r = backend.generator(group).multiply(ephemeral);
        byte[] rBytes = r.toBytes();
        byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, recipient.multiply(ephemeral), plaintext);
        byte[] out = Arrays.copyOf(rBytes, rBytes.length + sealed.length);
        System.arraycopy(sealed, 0, out, rBytes.length, sealed.length);
        return out;
    }

    /**
     * Decrypts with the recipient's secret key.
     *
     * @throws InvalidEncodingException if the ephemeral point does not decode or the tag fails
     */
    public byte[] decrypt(Scalar secret, byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < pointLength + TAG_BYTES) {
            throw new InvalidEncodingException("ecies: ciphertext length "
                    + (ciphertext == null ? "null" : ciphertext.length) + " (expected >= " + (pointLength + TAG_BYTES) + ")");
        }
        Point r = backend.decode(group, Arrays.copyOfRange(ciphertext, 0, pointLength));
        return aesGcm(Cipher.DECRYPT_MODE, r.multiply(secret),
                Arrays.copyOfRange(ciphertext, pointLength, ciphertext.length));
    }

    private static byte[] aesGcm(int mode, Point dh, byte[] input) {
        byte[] okm = deriveKeyAndNonce(dh.toBytes());
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(mode, new SecretKeySpec(okm, 0, KEY_BYTES, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, okm, KEY_BYTES, NONCE_BYTES));
            return gcm.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new InvalidEncodingException("ecies: authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ecies: AES-GCM unavailable", e);
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    /** HKDF-SHA256 over the marshalled DH point, no salt and no info, 44 bytes of output. */
    static byte[] deriveKeyAndNonce(byte[] dhBytes) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(dhBytes, null, null));
        byte[] okm = new byte[KEY_BYTES + NONCE_BYTES];
        hkdf.generateBytes(okm, 0, okm.length);
        return okm;
    }
}
