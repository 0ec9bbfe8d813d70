package org.jdrand.crypto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.GroupHash.Member;
import org.junit.jupiter.api.Test;

class GroupHashTest {
    private static final byte[] K0 = new byte[48];
    private static final byte[] K1 = filled(48, 1);
    private static final byte[] K2 = filled(48, 2);

    @Test
    void blake2b256MatchesTheReferenceDigest() {
        // independent reference: Python hashlib.blake2b(data, digest_size=32)
        assertThat(Hex.encode(GroupHash.blake2b256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        assertThat(Hex.encode(GroupHash.blake2b256(new byte[0])))
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void nodeHashIsLittleEndianIndexThenKey() {
        byte[] le = new byte[4 + 48];
        le[0] = 3;
        System.arraycopy(K1, 0, le, 4, 48);
        assertThat(GroupHash.nodeHash(3, K1)).isEqualTo(GroupHash.blake2b256(le));
    }

    @Test
    void layoutFollowsDrand() {
        List<Member> members = List.of(new Member(2, K2), new Member(0, K0), new Member(1, K1));
        List<byte[]> coeffs = List.of(K1, K2);
        byte[] h = GroupHash.of(members, 2, 1_700_000_000L, 1_700_000_000L, coeffs, "default");

        // recompute by hand: node hashes by index, LE32, LE64, LE64, coefficients hash
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        buf.writeBytes(GroupHash.nodeHash(0, K0));
        buf.writeBytes(GroupHash.nodeHash(1, K1));
        buf.writeBytes(GroupHash.nodeHash(2, K2));
        buf.writeBytes(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(2).array());
        buf.writeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1_700_000_000L).array());
        buf.writeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1_700_000_000L).array());
        byte[] ch = new byte[96];
        System.arraycopy(K1, 0, ch, 0, 48);
        System.arraycopy(K2, 0, ch, 48, 48);
        buf.writeBytes(GroupHash.blake2b256(ch));
        assertThat(h).isEqualTo(GroupHash.blake2b256(buf.toByteArray()));

        assertThat(GroupHash.of(members, 2, 1_700_000_000L, 1_700_000_000L, coeffs, "")).isEqualTo(h);
        assertThat(GroupHash.of(members, 2, 1_700_000_000L, 1_700_000_000L, coeffs, "quicknet")).isNotEqualTo(h);
        assertThat(GroupHash.of(members, 2, 1_700_000_000L, 0, coeffs, "default")).isNotEqualTo(h);
        assertThat(GroupHash.of(members, 2, 1_700_000_000L, 1_700_000_000L, null, "default")).isNotEqualTo(h);
        assertThat(GroupHash.of(members, 3, 1_700_000_000L, 1_700_000_000L, coeffs, "default")).isNotEqualTo(h);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
