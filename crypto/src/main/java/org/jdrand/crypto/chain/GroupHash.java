package org.jdrand.crypto.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.tbls.PubPoly;

/**
 * drand's group hash (common/key/group.go {@code Hash}); the hash of the epoch-1 group is the
 * chain's genesis seed. BLAKE2b-256 over, in order: each node hash by ascending index, LE32
 * threshold, LE64 genesis time, LE64 transition time if non-zero, the hash of the public
 * coefficients if the group has a distributed key, and the beacon ID unless it is "" or
 * "default". Little-endian, unlike the chain hash.
 */
public final class GroupHash {

    /** A group member as hashed: its 0-based index and its marshalled identity key. */
    public record Member(int index, byte[] publicKey) {
        public Member {
            if (index < 0) {
                throw new IllegalArgumentException("group member: index " + index + " (expected ≥ 0)");
            }
            publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    private GroupHash() {}

    /**
     * @param members            all nodes of the group, any order (sorted by index here)
     * @param threshold          the group threshold
     * @param genesisTime        Unix seconds
     * @param transitionTime     Unix seconds, 0 when absent (v2 epoch-1 groups use genesis)
     * @param publicCoefficients the distributed key's commitments, or null before the DKG
     * @param beaconId           "" or "default" are not hashed
     */
    public static byte[] of(List<Member> members, int threshold, long genesisTime, long transitionTime,
            List<byte[]> publicCoefficients, String beaconId) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingInt(Member::index));
        Blake2bDigest h = blake2b256();
        for (Member m : sorted) {
            update(h, nodeHash(m.index(), m.publicKey()));
        }
        update(h, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(threshold).array());
        update(h, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(genesisTime).array());
        if (transitionTime != 0) {
            update(h, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(transitionTime).array());
        }
        if (publicCoefficients != null) {
            update(h, coefficientsHash(publicCoefficients));
        }
        if (!ChainInfo.isDefaultBeaconId(beaconId)) {
            update(h, beaconId.getBytes(StandardCharsets.UTF_8));
        }
        return finish(h);
    }

    /** The marshalled commitments of a public polynomial, for {@link #of}. */
    public static List<byte[]> coefficients(PubPoly pubPoly) {
        List<byte[]> out = new ArrayList<>(pubPoly.threshold());
        for (Point c : pubPoly.commits()) {
            out.add(c.toBytes());
        }
        return out;
    }

    /** Node hash = BLAKE2b-256(LE32(index) ‖ public key); the address is not hashed. */
    public static byte[] nodeHash(int index, byte[] publicKey) {
        Blake2bDigest h = blake2b256();
        update(h, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array());
        update(h, publicKey);
        return finish(h);
    }

    /** DistPublic.Hash: BLAKE2b-256 of the concatenated marshalled coefficients. */
    public static byte[] coefficientsHash(List<byte[]> coefficients) {
        Blake2bDigest h = blake2b256();
        for (byte[] c : coefficients) {
            update(h, c);
        }
        return finish(h);
    }

    /** Unkeyed BLAKE2b with a 256-bit output, drand's IdentityHash. */
    public static byte[] blake2b256(byte[] data) {
        Blake2bDigest h = blake2b256();
        update(h, data);
        return finish(h);
    }

    private static Blake2bDigest blake2b256() {
        return new Blake2bDigest(256);
    }

    private static void update(Blake2bDigest h, byte[] b) {
        h.update(b, 0, b.length);
    }

    private static byte[] finish(Blake2bDigest h) {
        byte[] out = new byte[32];
        h.doFinal(out, 0);
        return out;
    }
}
