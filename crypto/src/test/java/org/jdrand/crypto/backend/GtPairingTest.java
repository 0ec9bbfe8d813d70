package org.jdrand.crypto.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.GtElement;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.junit.jupiter.api.Test;

/** GT values of both backends: the same bytes, bilinear, non-degenerate, in kyber's coefficient order. */
class GtPairingTest {
    private static final BlsBackend BLST = BlsBackends.blst();
    private static final BlsBackend BC = BlsBackends.bouncyCastle();
    private final SecureRandom random = new SecureRandom();

    @Test
    void backendsAgreeByteForByte() {
        for (int n = 0; n < 3; n++) {
            Scalar a = Scalar.random(random);
            Scalar b = Scalar.random(random);
            GtElement viaBlst = BLST.pairing(BLST.generator(Group.G1).multiply(a), BLST.generator(Group.G2).multiply(b));
            // the same points, re-decoded into the other backend
            Point p = BC.decode(Group.G1, BLST.generator(Group.G1).multiply(a).toBytes());
            Point q = BC.decode(Group.G2, BLST.generator(Group.G2).multiply(b).toBytes());
            GtElement viaBc = BC.pairing(p, q);
            assertThat(viaBlst.toBytes()).hasSize(576).isEqualTo(viaBc.toBytes());
            assertThat(viaBlst).isEqualTo(viaBc);
        }
    }

    @Test
    void bilinearAndNonDegenerateOnBothBackends() {
        for (BlsBackend be : List.of(BLST, BC)) {
            Point g1 = be.generator(Group.G1);
            Point g2 = be.generator(Group.G2);
            Scalar a = Scalar.random(random);
            Scalar b = Scalar.random(random);
            GtElement e = be.pairing(g1.multiply(a), g2.multiply(b));
            assertThat(be.pairing(g1.multiply(a.multiply(b)), g2)).as(be.name()).isEqualTo(e);
            assertThat(be.pairing(g1, g2.multiply(a.multiply(b)))).as(be.name()).isEqualTo(e);
            assertThat(be.pairing(g1, g2).isOne()).as(be.name()).isFalse();
            assertThat(be.pairing(be.infinity(Group.G1), g2)).as(be.name()).isEqualTo(GtElement.ONE);
            assertThat(be.pairing(g1, be.infinity(Group.G2))).as(be.name()).isEqualTo(GtElement.ONE);
            // e(P, Q) · e(-P, Q) = 1 agrees with the product check
            assertThat(be.pairingProductIsOne(List.of(g1.multiply(a), g1.multiply(a).negate()), List.of(g2, g2))).isTrue();
            assertThatThrownBy(() -> be.pairing(g2, g1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected (G1, G2)");
        }
    }

    @Test
    void encodingIsHighestCoefficientFirst() {
        BigInteger[] c = new BigInteger[12];
        for (int k = 0; k < 12; k++) {
            c[k] = BigInteger.valueOf(100 + k);
        }
        byte[] b = GtElement.fromCoefficients(c).toBytes();
        // c1.c2.c1 (index 11) first, c0.c0.c0 (index 0) last, each 48 bytes big-endian
        assertThat(b[47]).isEqualTo((byte) 111);
        assertThat(b[48 + 47]).isEqualTo((byte) 110);
        assertThat(b[575]).isEqualTo((byte) 100);
        assertThat(b[575 - 48]).isEqualTo((byte) 101);
        for (int k = 0; k < 12; k++) {
            assertThat(GtElement.fromCoefficients(c).coefficient(k)).isEqualTo(BigInteger.valueOf(100 + k));
        }
        assertThat(GtElement.ONE.toBytes()[575]).isEqualTo((byte) 1);
    }

    @Test
    void rejectsCoefficientsOutsideTheField() {
        BigInteger[] c = new BigInteger[12];
        java.util.Arrays.fill(c, BigInteger.ZERO);
        c[3] = new BigInteger("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);
        assertThatThrownBy(() -> GtElement.fromCoefficients(c)).hasMessage("gt: coefficient 3 not in [0, p)");
        assertThatThrownBy(() -> GtElement.fromCoefficients(new BigInteger[11])).hasMessage("gt: 11 coefficients (expected 12)");
    }
}
