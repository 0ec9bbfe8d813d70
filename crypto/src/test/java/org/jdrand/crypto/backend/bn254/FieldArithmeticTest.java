package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fp's Montgomery limbs against BigInteger reference arithmetic mod p, edge values included. */
class FieldArithmeticTest {
    private static final BigInteger P = Fp.P;
    private final Random random = new Random(254);

    private BigInteger[] samples() {
        BigInteger[] s = new BigInteger[200];
        s[0] = BigInteger.ZERO;
        s[1] = BigInteger.ONE;
        s[2] = P.subtract(BigInteger.ONE);
        s[3] = P.subtract(BigInteger.TWO);
        s[4] = BigInteger.ONE.shiftLeft(64);
        s[5] = BigInteger.ONE.shiftLeft(253);
        s[6] = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        for (int i = 7; i < s.length; i++) {
            s[i] = new BigInteger(256, random).mod(P);
        }
        return s;
    }

    @Test
    void ringOperationsAgreeWithBigInteger() {
        BigInteger[] s = samples();
        for (BigInteger a : s) {
            for (int k = 0; k < 20; k++) {
                BigInteger b = s[random.nextInt(s.length)];
                Fp fa = Fp.of(a);
                Fp fb = Fp.of(b);
                assertThat(fa.add(fb).toBigInteger()).isEqualTo(a.add(b).mod(P));
                assertThat(fa.sub(fb).toBigInteger()).isEqualTo(a.subtract(b).mod(P));
                assertThat(fa.mul(fb).toBigInteger()).isEqualTo(a.multiply(b).mod(P));
                assertThat(fa.neg().toBigInteger()).isEqualTo(a.negate().mod(P));
            }
        }
    }

    @Test
    void inverseSqrtAndEncodingAgreeWithBigInteger() {
        for (BigInteger a : samples()) {
            Fp fa = Fp.of(a);
            assertThat(fa.toBigInteger()).isEqualTo(a);
            if (a.signum() != 0) {
                assertThat(fa.inverse().toBigInteger()).isEqualTo(a.modInverse(P));
                assertThat(fa.inverseVarTime()).isEqualTo(fa.inverse());
            }
            boolean square = a.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).compareTo(BigInteger.ONE) <= 0;
            assertThat(fa.isSquare()).isEqualTo(square);
            Fp root = fa.sqrt();
            assertThat(root != null).isEqualTo(square);
            if (root != null) {
                assertThat(root.toBigInteger().modPow(BigInteger.TWO, P)).isEqualTo(a);
            }
            assertThat(fa.sgn0()).isEqualTo(a.testBit(0) ? 1 : 0);
            byte[] be = fa.toBytes();
            assertThat(new BigInteger(1, be)).isEqualTo(a);
            assertThat(Fp.fromBytesCanonical(be, 0)).isEqualTo(fa);
        }
    }

    @Test
    void decodingRejectsValuesNotBelowP() {
        byte[] pBytes = new byte[32];
        byte[] raw = P.toByteArray();
        System.arraycopy(raw, raw.length - 32, pBytes, 0, 32);
        assertThat(Fp.fromBytesCanonical(pBytes, 0)).isNull();
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(Fp.fromBytesCanonical(ones, 0)).isNull();
        byte[] pMinus1 = P.subtract(BigInteger.ONE).toByteArray();
        assertThat(Fp.fromBytesCanonical(pMinus1, pMinus1.length - 32).toBigInteger()).isEqualTo(P.subtract(BigInteger.ONE));
    }

    @Test
    void towerInversesAndFrobenius() {
        Fp2 a = Fp2.of(new BigInteger(250, random), new BigInteger(250, random));
        assertThat(a.mul(a.inverse())).isEqualTo(Fp2.ONE);
        assertThat(a.sqr()).isEqualTo(a.mul(a));
        assertThat(a.mulByXi()).isEqualTo(a.mul(Fp2.XI));
        Fp6 b = new Fp6(a, a.sqr(), a.add(Fp2.XI));
        assertThat(b.mul(b.inverse())).isEqualTo(Fp6.ONE);
        assertThat(b.sqr()).isEqualTo(b.mul(b));
        Fp12 c = new Fp12(b, new Fp6(a.neg(), Fp2.XI, a.mul(a.sqr())));
        assertThat(c.mul(c.inverse())).isEqualTo(Fp12.ONE);
        assertThat(c.inverse(true)).isEqualTo(c.inverse());
        assertThat(c.sqr()).isEqualTo(c.mul(c));
        assertThat(c.frobenius(1)).isEqualTo(c.pow(P));
        assertThat(c.frobenius(2)).isEqualTo(c.pow(P.pow(2)));
        assertThat(c.frobenius(3)).isEqualTo(c.pow(P.pow(3)));
        Fp2 l0 = a.sqr();
        Fp2 l1 = a.add(Fp2.ONE);
        Fp2 l3 = Fp2.XI.mul(a);
        Fp12 line = new Fp12(new Fp6(l0, Fp2.ZERO, Fp2.ZERO), new Fp6(l1, l3, Fp2.ZERO));
        assertThat(c.mulBy034(l0, l1, l3)).isEqualTo(c.mul(line));
    }
}
