package org.jdrand.tlock;

import java.math.BigInteger;
import java.security.MessageDigest;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Scheme;

/**
 * Which IBE a drand scheme gives (drand/tlock's TimeLock): the ciphertext U lives in the key
 * group, the round's identity is hashed into the signature group with the scheme's signature DST,
 * and the beacon signature is the identity's private key. Only unchained schemes qualify: a
 * chained round's message covers the previous signature, unknown until that round.
 *
 * <p>On BN254 (evmnet, bls-bn254-unchained-on-g1) drand/tlock uses kyber's bn254 suite, whose hash
 * is legacy Keccak-256: H2, H3 and H4 use it instead of SHA-256, H3 samples below BN254's order
 * (2 bits masked), GT is kyber's 384-byte encoding and U an uncompressed 128-byte G2 point.
 */
public final class TlockScheme {
    private final Scheme scheme;

    private TlockScheme(Scheme scheme) {
        this.scheme = scheme;
    }

    /**
     * @throws IllegalArgumentException for a chained scheme (it cannot be timelocked) or an
     *     unsupported one
     */
    public static TlockScheme of(Scheme scheme) {
        if (scheme.chained()) {
            throw new IllegalArgumentException("tlock: scheme " + scheme.id() + " is chained and cannot be timelocked"
                    + " (a round's message covers the previous signature, unknown in advance; use an unchained scheme: "
                    + supportedIds() + ")");
        }
        if (!scheme.equals(Scheme.PEDERSEN_BLS_UNCHAINED) && !scheme.equals(Scheme.BLS_UNCHAINED_G1_RFC9380)
                && !scheme.equals(Scheme.BLS_UNCHAINED_ON_G1) && !scheme.equals(Scheme.BLS_BN254_UNCHAINED_ON_G1)) {
            throw new IllegalArgumentException("tlock: scheme " + scheme.id() + " is not supported (supported: " + supportedIds() + ")");
        }
        return new TlockScheme(scheme);
    }

    public static String supportedIds() {
        return Scheme.PEDERSEN_BLS_UNCHAINED.id() + ", " + Scheme.BLS_UNCHAINED_G1_RFC9380.id() + ", "
                + Scheme.BLS_UNCHAINED_ON_G1.id() + ", " + Scheme.BLS_BN254_UNCHAINED_ON_G1.id();
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The group of U and of the chain's public key: G1 for pedersen-bls-unchained, G2 for the G1-signature schemes. */
    public Group ciphertextGroup() {
        return scheme.keyGroup();
    }

    /** The group of the hashed identity and of the beacon signature. */
    public Group identityGroup() {
        return scheme.signatureGroup();
    }

    /** True on BN254 (evmnet), where points, GT and the hash are those of kyber's bn254 suite. */
    public boolean isBn254() {
        return scheme.isBn254();
    }

    /** The IBE's hash (kyber's suite.Hash()): SHA-256, or legacy Keccak-256 on BN254. */
    public MessageDigest newHash() {
        return isBn254() ? new org.bouncycastle.jcajce.provider.digest.Keccak.Digest256() : Scheme.sha256();
    }

    /** The order r of the scheme's groups, the bound of H3's rejection sampling. */
    public BigInteger order() {
        return scheme.groupOrder();
    }

    /** Bytes of an encoded U: the compressed BLS12-381 point, or BN254's uncompressed G2 point (128). */
    public int ciphertextPointSize() {
        return scheme.publicKeySize();
    }

    /** The identity of a round: the 32-byte message drand signs, SHA-256(BE64(round)) (keccak256 on BN254). */
    public byte[] identity(long round) {
        return scheme.digest(null, round);
    }

    @Override
    public String toString() {
        return scheme.id();
    }
}
