package org.jdrand.crypto;

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

    public static final Scheme PEDERSEN_BLS_CHAINED =
            new Scheme("pedersen-bls-chained", Group.G1, Group.G2, DST_G2, true);
    public static final Scheme PEDERSEN_BLS_UNCHAINED =
            new Scheme("pedersen-bls-unchained", Group.G1, Group.G2, DST_G2, false);
    public static final Scheme BLS_UNCHAINED_G1_RFC9380 =
            new Scheme("bls-unchained-g1-rfc9380", Group.G2, Group.G1, DST_G1, false);
    /** Deprecated fastnet scheme: signs on G1 with the G2 tag (not RFC 9380 compliant). */
    public static final Scheme BLS_UNCHAINED_ON_G1 =
            new Scheme("bls-unchained-on-g1", Group.G2, Group.G1, DST_G2, false);

    /** The scheme used when none is given, as in drand. */
    public static final Scheme DEFAULT = PEDERSEN_BLS_CHAINED;

    private static final List<Scheme> ALL =
            List.of(PEDERSEN_BLS_CHAINED, PEDERSEN_BLS_UNCHAINED, BLS_UNCHAINED_G1_RFC9380, BLS_UNCHAINED_ON_G1);

    public Scheme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyGroup, "keyGroup");
        Objects.requireNonNull(signatureGroup, "signatureGroup");
        Objects.requireNonNull(dst, "dst");
        if (keyGroup == signatureGroup) {
            throw new IllegalArgumentException("scheme " + id + ": key and signature group must differ");
        }
    }

    /** Every supported scheme, the default first. */
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
        if ("bls-bn254-unchained-on-g1".equals(id)) {
            throw new IllegalArgumentException("scheme: bls-bn254-unchained-on-g1 is not supported yet (supported: "
                    + supportedIds() + ")");
        }
        throw new IllegalArgumentException("scheme: unknown ID \"" + id + "\" (supported: " + supportedIds() + ")");
    }

    public static String supportedIds() {
        return ALL.stream().map(Scheme::id).collect(Collectors.joining(", "));
    }

    public byte[] dstBytes() {
        return dst.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The 32-byte message signed for a round: SHA-256(prev ‖ BE64(round)) when chained,
     * SHA-256(BE64(round)) otherwise. drand skips an empty or absent previous signature.
     */
    public byte[] digest(byte[] previousSignature, long round) {
        MessageDigest sha = sha256();
        if (chained && previousSignature != null) {
            sha.update(previousSignature);
        }
        sha.update(ByteBuffer.allocate(8).putLong(round).array());
        return sha.digest();
    }

    /** Size of a partial signature: BE16(index) ‖ signature. */
    public int partialSize() {
        return 2 + signatureGroup.compressedSize();
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
