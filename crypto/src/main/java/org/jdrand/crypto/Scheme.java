package org.jdrand.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A drand signing scheme (drand crypto/schemes.go): which group holds keys, which holds
 * signatures, the hash-to-curve DST, and how the 32-byte round message is derived.
 *
 * @param id             exact, case-sensitive drand scheme ID
 * @param keyGroup       group of public keys, commitments and DKG points
 * @param signatureGroup group of signatures and partials
 * @param dst            hash-to-curve domain separation tag for signatures
 * @param chained        whether the round message covers the previous signature
 */
public record Scheme(String id, Group keyGroup, Group signatureGroup, String dst, boolean chained) {

    public static final String DST_G2 = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_";
    public static final String DST_G1 = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
    /** evmnet's tag: BN254 G1, expand_message_xmd over Keccak-256, SVDW map. */
    public static final String DST_BN254_G1 = "BLS_SIG_BN254G1_XMD:KECCAK-256_SVDW_RO_NUL_";

    public static final Scheme PEDERSEN_BLS_CHAINED =
            new Scheme("pedersen-bls-chained", Group.G1, Group.G2, DST_G2, true);
    public static final Scheme PEDERSEN_BLS_UNCHAINED =
            new Scheme("pedersen-bls-unchained", Group.G1, Group.G2, DST_G2, false);
    public static final Scheme BLS_UNCHAINED_G1_RFC9380 =
            new Scheme("bls-unchained-g1-rfc9380", Group.G2, Group.G1, DST_G1, false);
    /** Deprecated fastnet scheme: signs on G1 with the G2 tag (not RFC 9380 compliant). */
    public static final Scheme BLS_UNCHAINED_ON_G1 =
            new Scheme("bls-unchained-on-g1", Group.G2, Group.G1, DST_G2, false);

    /**
     * evmnet's scheme on BN254 (alt_bn128): keys on G2, signatures on G1, the round message is
     * keccak256(BE64(round)), points travel uncompressed (64-byte signatures, 128-byte keys),
     * scalars are taken mod BN254's r ({@link #groupOrder()}).
     */
    public static final Scheme BLS_BN254_UNCHAINED_ON_G1 =
            new Scheme("bls-bn254-unchained-on-g1", Group.G2, Group.G1, DST_BN254_G1, false);

    /** The scheme used when none is given, as in drand. */
    public static final Scheme DEFAULT = PEDERSEN_BLS_CHAINED;

    private static final List<Scheme> ALL =
            List.of(PEDERSEN_BLS_CHAINED, PEDERSEN_BLS_UNCHAINED, BLS_UNCHAINED_G1_RFC9380, BLS_UNCHAINED_ON_G1,
                    BLS_BN254_UNCHAINED_ON_G1);

    public Scheme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyGroup, "keyGroup");
        Objects.requireNonNull(signatureGroup, "signatureGroup");
        Objects.requireNonNull(dst, "dst");
        if (keyGroup == signatureGroup) {
            throw new IllegalArgumentException("scheme " + id + ": key and signature group must differ");
        }
    }

    /** Every scheme a node can run, the default first. */
    public static List<Scheme> all() {
        return ALL;
    }

    /**
     * Looks a scheme up by its drand ID; "" means the default chained scheme.
     *
     * @throws IllegalArgumentException for an unknown ID, listing the supported ones
     */
    public static Scheme byId(String id) {
        if (id == null || id.isEmpty()) {
            return DEFAULT;
        }
        for (Scheme s : ALL) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scheme: unknown ID \"" + id + "\" (supported: " + supportedIds() + ")");
    }

    /** The same as {@link #byId}: every scheme jdrand verifies it also runs. */
    public static Scheme verifiableById(String id) {
        return byId(id);
    }

    /** True for the BN254 scheme, whose points belong to the bn254 backend, not to a BLS12-381 one. */
    public boolean isBn254() {
        return DST_BN254_G1.equals(dst);
    }

    /**
     * The prime order of the scheme's groups: BLS12-381's r ({@link Scalar#ORDER}) or BN254's.
     * The scheme's secrets, shares, polynomials and Lagrange weights are {@link Scalar}s of this
     * order.
     */
    public BigInteger groupOrder() {
        return isBn254() ? org.jdrand.crypto.backend.bn254.Bn254Backend.ORDER : Scalar.ORDER;
    }

    /** Bytes of an encoded public key: compressed BLS12-381 (48/96) or uncompressed BN254 G2 (128). */
    public int publicKeySize() {
        return isBn254() ? bn254Size(keyGroup) : keyGroup.compressedSize();
    }

    /** Bytes of an encoded signature: compressed BLS12-381 (48/96) or uncompressed BN254 G1 (64). */
    public int signatureSize() {
        return isBn254() ? bn254Size(signatureGroup) : signatureGroup.compressedSize();
    }

    private static int bn254Size(Group g) {
        return g == Group.G1 ? 64 : 128;
    }

    public static String supportedIds() {
        return ALL.stream().map(Scheme::id).collect(Collectors.joining(", "));
    }

    public byte[] dstBytes() {
        return dst.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The 32-byte message signed for a round: SHA-256(prev ‖ BE64(round)) when chained,
     * SHA-256(BE64(round)) otherwise, keccak256(BE64(round)) for BN254. drand skips an empty or
     * absent previous signature.
     */
    public byte[] digest(byte[] previousSignature, long round) {
        if (isBn254()) {
            org.bouncycastle.crypto.digests.KeccakDigest keccak = new org.bouncycastle.crypto.digests.KeccakDigest(256);
            keccak.update(ByteBuffer.allocate(8).putLong(round).array(), 0, 8);
            byte[] out = new byte[32];
            keccak.doFinal(out, 0);
            return out;
        }
        MessageDigest sha = sha256();
        if (chained && previousSignature != null) {
            sha.update(previousSignature);
        }
        sha.update(ByteBuffer.allocate(8).putLong(round).array());
        return sha.digest();
    }

    /** Size of a partial signature: BE16(index) ‖ signature. */
    public int partialSize() {
        return 2 + signatureSize();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
