package org.jdrand.crypto.backend.blst;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.backend.Points;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * The batched subgroup check of batch verification's signatures ({@link SubgroupBatch},
 * {@link BlstBackend#subgroupChecked}), in G1 (quicknet) and G2 (chained): honest points pass,
 * including the cases blst's batched addition special-cases (a point twice, P and −P); one point
 * with a component of the cofactor's smallest order (3 in E1, 13 in E2) or a random curve point
 * fails the batch and is the only one reported; and one combination alone misses such a
 * component 1/q of the time, which is why there are 41 (G1) and 18 (G2).
 */
class BatchedSubgroupCheckTest {
    private static final BlstBackend BLST = new BlstBackend();
    private static final BigInteger R = Scalar.ORDER;
    private static final BigInteger H2 = new BigInteger("5d543a95414e7f1091d50792876a202cd91de4547085abaa68a205b2e5a7ddfa628f1cb4d9e82ef2"
            + "1537e293a6691ae1616ec6e786f0c70cf1c38e31c7238e5", 16);

    @Test
    void combinationCountsReachTwoToTheSixtyFour() {
        assertThat(batch(Group.G1).combinations).isEqualTo(41); // 3^41 ≈ 2^65.0, 3^40 < 2^64
        assertThat(batch(Group.G2).combinations).isEqualTo(18); // 13^18 ≈ 2^66.6, 13^17 < 2^64
        assertThat(H2.mod(BigInteger.valueOf(13))).isZero();
        for (int q = 2; q < 13; q++) {
            assertThat(H2.mod(BigInteger.valueOf(q))).as("no smaller prime factor: %d", q).isNotZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Group.class)
    void honestPointsPassIncludingRepeatsAndOpposites(Group g) {
        List<byte[]> points = points(g, 100, 1);
        points.add(points.get(3).clone());                               // the same point twice
        points.add(BLST.decode(g, points.get(7)).negate().toBytes()); // P and −P
        assertThat(batch(g).allInSubgroup(serialized(g, points), new SecureRandom())).isTrue();
        List<Point> checked = BLST.subgroupChecked(toCurve(g, points), new SecureRandom());
        for (int i = 0; i < points.size(); i++) {
            assertThat(checked.get(i).toBytes()).isEqualTo(BLST.decode(g, points.get(i)).toBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Group.class)
    void oneNonSubgroupPointFailsTheBatchAndIsTheOneReported(Group g) {
        for (boolean smallOrder : new boolean[] {true, false}) {
            List<byte[]> points = points(g, 100, 2);
            points.set(42, smallOrder ? plusSmallOrder(g, points.get(42)) : plus(g, points.get(42), randomCurvePoint(g)));
            assertThat(batch(g).allInSubgroup(serialized(g, points), new SecureRandom())).isFalse();
            List<Point> checked = BLST.subgroupChecked(toCurve(g, points), new SecureRandom());
            for (int i = 0; i < points.size(); i++) {
                if (i == 42) {
                    assertThat(checked.get(i)).as("point %d", i).isNull();
                } else {
                    assertThat(checked.get(i)).as("point %d", i).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Group.class)
    void oneCombinationMissesASmallOrderComponentOneTimeInQ(Group g) {
        List<byte[]> points = points(g, 80, 3);
        points.set(10, plusSmallOrder(g, points.get(10)));
        List<byte[]> s = serialized(g, points);
        SecureRandom random = new SecureRandom();
        int trials = 300;
        int missed = 0;
        for (int t = 0; t < trials; t++) {
            if (batch(g).allInSubgroup(s, random, 1)) {
                missed++; // the bad point drew weight 0: exactly 1/q
            }
        }
        // binomial(300, 1/3): mean 100, sd 8.2; binomial(300, 1/13): mean 23, sd 4.6; both ranges > 4 sd either side
        if (g == Group.G1) {
            assertThat(missed).isBetween(55, 145);
        } else {
            assertThat(missed).isBetween(4, 45);
        }
    }

    @Test
    void digitsAreUniform() {
        for (int base : new int[] {3, 13}) {
            int n = 1000 * base;
            byte[] d = SubgroupBatch.digits(new SecureRandom(), n * 30, base);
            int[] counts = new int[base];
            for (byte b : d) {
                counts[b]++;
            }
            for (int c : counts) {
                assertThat(c).as("base %d", base).isBetween(28_500, 31_500); // mean 30,000, sd < 175
            }
        }
    }

    private static SubgroupBatch batch(Group g) {
        SubgroupBatch b = g == Group.G1 ? BlstBackend.Foreign.G1_SUBGROUP : BlstBackend.Foreign.G2_SUBGROUP;
        assertThat(b).as("the foreign-linker path (surefire runs with it)").isNotNull();
        return b;
    }

    /** n distinct points of the subgroup: random multiples of the generator. */
    private static List<byte[]> points(Group g, int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(BLST.generator(g).multiply(Scalar.of(new BigInteger(200, r).add(BigInteger.ONE))).toBytes());
        }
        return out;
    }

    private static List<byte[]> serialized(Group g, List<byte[]> compressed) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] c : compressed) {
            out.add(g == Group.G1 ? new P1_Affine(c).serialize() : new P2_Affine(c).serialize());
        }
        return out;
    }

    private static List<CurvePoint> toCurve(Group g, List<byte[]> compressed) {
        List<CurvePoint> out = new ArrayList<>();
        for (byte[] c : compressed) {
            CurvePoint p = BLST.decodeToCurve(g, c);
            assertThat(p).isInstanceOf(UncheckedPoint.class);
            out.add(p);
        }
        return out;
    }

    /** p + T, T of the cofactor's smallest prime order: (0, 2) of order 3 in E1, one of order 13 in E2. */
    private static byte[] plusSmallOrder(Group g, byte[] p) {
        if (g == Group.G1) {
            return Points.addG1(p, Points.compressG1(BigInteger.ZERO, BigInteger.TWO));
        }
        // the 13-part of E2(Fp2) has order 13²: project a curve point onto it, then down to order 13
        P2 t = times(new P2_Affine(randomCurvePoint(g)).to_jacobian(), R.multiply(H2.divide(BigInteger.valueOf(169))));
        if (!times(t, BigInteger.valueOf(13)).is_inf()) {
            t = times(t, BigInteger.valueOf(13));
        }
        assertThat(t.is_inf()).isFalse();
        assertThat(times(t, BigInteger.valueOf(13)).is_inf()).as("order 13").isTrue();
        return new P2(p).add(t.to_affine()).compress();
    }

    /** k·p by double-and-add: jblst's mult takes scalars of at most 255 bits. */
    private static P2 times(P2 p, BigInteger k) {
        P2 acc = new P2();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc.dbl();
            if (k.testBit(i)) {
                acc.add(p);
            }
        }
        return acc;
    }

    private static byte[] plus(Group g, byte[] p, byte[] q) {
        return g == Group.G1 ? Points.addG1(p, q) : new P2(p).add(new P2_Affine(q)).compress();
    }

    /** A curve point outside the subgroup: the first abscissa from 5 up on the curve (the cofactor is > 1). */
    private static byte[] randomCurvePoint(Group g) {
        for (BigInteger x = BigInteger.valueOf(5); ; x = x.add(BigInteger.ONE)) {
            if (g == Group.G1 ? Points.g1HasPoint(x) : Points.g2HasPoint(x, BigInteger.ONE)) {
                return Points.withX(g, x, BigInteger.ONE, false);
            }
        }
    }
}
