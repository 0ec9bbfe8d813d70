package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** Hash to G1 against kyber's Keccak vectors and gnark-crypto's RFC 9380 SVDW (SHA-256) vectors. */
class HashToG1Test {
    private static final byte[] KYBER_DST = "BLS_SIG_BN254G1_XMD:KECCAK-256_SSWU_RO_NUL_".getBytes(StandardCharsets.US_ASCII);

    /** drand/kyber pairing/bn254/point_test.go TestExpandMsg. */
    @Test
    void expandMessageXmdKeccakMatchesKyber() {
        byte[] out = ExpandMessageXmd.expand(new KeccakDigest(256), Vectors.bytes("af6c1f30b2f3f2fd448193f90d6fb55b544a"),
                KYBER_DST, 96);
        assertThat(Vectors.hexOf(out)).isEqualTo("bd365d9672926bbb6887f8c0ce88d1edc0c20bd46f6af54e80c7edc15ac1c5eba9e754994af7"
                + "15195aa8acb3f21febae2b9626bc1b06c185922455908d1c8db3d370fe339995718e344af3add0aa77d3bd48d0d9f3ebe26b88cbb3"
                + "93325c1c6e");
    }

    @Test
    void hashToFieldMatchesKyber() {
        HashToG1 h = HashToG1.keccak256();
        int n = 0;
        for (String[] row : Vectors.csv("kyber_hash_to_field.csv")) {
            Fp[] u = h.hashToField(Vectors.bytes(row[0]), KYBER_DST, 2);
            assertThat(u[0].toBigInteger()).as("u0 of %s", row[0]).isEqualTo(Vectors.hex(row[1]));
            assertThat(u[1].toBigInteger()).as("u1 of %s", row[0]).isEqualTo(Vectors.hex(row[2]));
            n++;
        }
        assertThat(n).isEqualTo(100);
    }

    @Test
    void svdwMapMatchesKyber() {
        int n = 0;
        for (String[] row : Vectors.csv("kyber_map_to_point.csv")) {
            Fp u = Fp.of(new BigInteger(row[0]));
            Fp[] p = HashToG1.map(u).toAffine();
            if (n % 10 == 0) { // the constant-sequence version agrees
                assertThat(HashToG1.mapStraightLine(u).sameAs(HashToG1.map(u))).isTrue();
            }
            assertThat(p[0].toBigInteger()).as("x of u=%s", row[0]).isEqualTo(new BigInteger(row[1]));
            assertThat(p[1].toBigInteger()).as("y of u=%s", row[0]).isEqualTo(new BigInteger(row[2]));
            n++;
        }
        assertThat(n).isEqualTo(1000);
    }

    /** drand/kyber pairing/bn254/point_test.go TestPointG1_HashToPoint (marshalled x ‖ y). */
    @Test
    void hashToPointMatchesKyber() {
        byte[] dst = "domain_separation_tag_test_12345".getBytes(StandardCharsets.US_ASCII);
        HashToG1 h = HashToG1.keccak256();
        assertThat(xy(h.hash("The Times 03/Jan/2009 Chancellor on brink of second bailout for banks"
                .getBytes(StandardCharsets.US_ASCII), dst))).isEqualTo("13af4ace8febc1ec800f7d33d66868310516bce9cb1b7f7c68607f9"
                        + "ba6dba92c1823b8f13feeb8dad6b152eb2bbefbe59452f9519c88230b55d0b699498db6f1");
        assertThat(xy(h.hash(Vectors.bytes("e0a05cbb37fd6c159732a8c57b981773f7480695328b674d8a9cc083377f1811"), dst)))
                .isEqualTo("07abd743dc93dfa3a8ee4ab449b1657dc6232c589612b23a54ea461c7232101e2533badbee56e8457731fc35bb7630236"
                        + "623e4614e4f8acb4a0c3282df58a289");
    }

    @Test
    void encodeToCurveMatchesGnarkSvdwSha256() {
        String file = "gnark_svdw_encode_to_g1.csv";
        byte[] dst = Vectors.dst(file).getBytes(StandardCharsets.US_ASCII);
        HashToG1 h = HashToG1.sha256();
        int n = 0;
        for (String[] row : Vectors.csv(file)) {
            byte[] msg = row[0].getBytes(StandardCharsets.US_ASCII);
            assertThat(h.hashToField(msg, dst, 1)[0].toBigInteger()).isEqualTo(Vectors.hex(row[3]));
            Fp[] p = h.encode(msg, dst).toAffine();
            assertThat(p[0].toBigInteger()).as("x of %s", row[0]).isEqualTo(Vectors.hex(row[1]));
            assertThat(p[1].toBigInteger()).as("y of %s", row[0]).isEqualTo(Vectors.hex(row[2]));
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    @Test
    void hashToCurveMatchesGnarkSvdwSha256() {
        String file = "gnark_svdw_hash_to_g1.csv";
        byte[] dst = Vectors.dst(file).getBytes(StandardCharsets.US_ASCII);
        HashToG1 h = HashToG1.sha256();
        int n = 0;
        for (String[] row : Vectors.csv(file)) {
            byte[] msg = row[0].getBytes(StandardCharsets.US_ASCII);
            Fp[] u = h.hashToField(msg, dst, 2);
            assertThat(u[0].toBigInteger()).isEqualTo(Vectors.hex(row[7]));
            assertThat(u[1].toBigInteger()).isEqualTo(Vectors.hex(row[8]));
            Fp[] q0 = HashToG1.map(u[0]).toAffine();
            assertThat(q0[0].toBigInteger()).isEqualTo(Vectors.hex(row[3]));
            assertThat(q0[1].toBigInteger()).isEqualTo(Vectors.hex(row[4]));
            Fp[] q1 = HashToG1.map(u[1]).toAffine();
            assertThat(q1[0].toBigInteger()).isEqualTo(Vectors.hex(row[5]));
            assertThat(q1[1].toBigInteger()).isEqualTo(Vectors.hex(row[6]));
            Fp[] p = h.hash(msg, dst).toAffine();
            assertThat(p[0].toBigInteger()).as("x of %s", row[0]).isEqualTo(Vectors.hex(row[1]));
            assertThat(p[1].toBigInteger()).as("y of %s", row[0]).isEqualTo(Vectors.hex(row[2]));
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    private static String xy(G1 p) {
        Fp[] a = p.toAffine();
        return Vectors.hexOf(a[0].toBytes()) + Vectors.hexOf(a[1].toBytes());
    }
}
