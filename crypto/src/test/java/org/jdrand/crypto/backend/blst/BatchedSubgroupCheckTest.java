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
import supranational.blst.P1_Affine;

/**
 * Quicknet's batched subgroup check ({@link NativeG1#allInG1}, {@link BlstBackend#subgroupChecked}):
 * honest points pass, including the cases blst's batched addition special-cases (a point twice,
 * P and −P); one point with a component of order 3, or a random curve point, fails the batch
 * and is the only one reported; and one combination alone misses an order-3 component a third of
 * the time, which is why there are 41.
 */
class BatchedSubgroupCheckTest {
    private static final BlstBackend BLST = new BlstBackend();
    private static final byte[] ORDER_3 = Points.compressG1(BigInteger.ZERO, BigInteger.TWO); // (0, 2)

    @Test
    void honestPointsPassIncludingRepeatsAndOpposites() {
        List<byte[]> points = g1Points(100, 1);
        points.add(points.get(3).clone());                               // the same point twice
        points.add(BLST.decode(Group.G1, points.get(7)).negate().toBytes()); // P and −P
        assertThat(nativeG1().allInG1(serialized(points), new SecureRandom())).isTrue();
        List<Point> checked = BLST.subgroupChecked(toCurve(points), new SecureRandom());
        for (int i = 0; i < points.size(); i++) {
            assertThat(checked.get(i).toBytes()).isEqualTo(BLST.decode(Group.G1, points.get(i)).toBytes());
        }
    }

    @Test
    void oneNonSubgroupPointFailsTheBatchAndIsTheOneReported() {
        for (byte[] outside : List.of(ORDER_3, randomCurvePoint())) {
            List<byte[]> points = g1Points(100, 2);
            points.set(42, Points.addG1(points.get(42), outside));
            assertThat(nativeG1().allInG1(serialized(points), new SecureRandom())).isFalse();
            List<Point> checked = BLST.subgroupChecked(toCurve(points), new SecureRandom());
            for (int i = 0; i < points.size(); i++) {
                if (i == 42) {
                    assertThat(checked.get(i)).as("point %d", i).isNull();
                } else {
                    assertThat(checked.get(i)).as("point %d", i).isNotNull();
                }
            }
        }
    }

    @Test
    void oneCombinationMissesAnOrderThreeComponentAboutAThirdOfTheTime() {
        List<byte[]> points = g1Points(80, 3);
        points.set(10, Points.addG1(points.get(10), ORDER_3));
        List<byte[]> s = serialized(points);
        SecureRandom random = new SecureRandom();
        int trials = 300;
        int missed = 0;
        for (int t = 0; t < trials; t++) {
            if (nativeG1().allInG1(s, random, 1)) {
                missed++; // the bad point drew weight 0 (or 3 ≡ 0): exactly 1/3
            }
        }
        // binomial(300, 1/3): mean 100, sd 8.2; [55, 145] is more than 5 sd either side
        assertThat(missed).isBetween(55, 145);
    }

    @Test
    void tritsAreUniformOverZeroOneTwo() {
        byte[] t = NativeG1.trits(new SecureRandom(), 30_000);
        int[] counts = new int[3];
        for (byte b : t) {
            counts[b]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500); // mean 10,000, sd 82
        }
    }

    private static NativeG1 nativeG1() {
        NativeG1 g1 = BlstBackend.Foreign.G1;
        assertThat(g1).as("the foreign-linker path (surefire runs with it)").isNotNull();
        return g1;
    }

    /** n distinct points of G1: random multiples of the generator. */
    private static List<byte[]> g1Points(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(BLST.generator(Group.G1).multiply(Scalar.of(new BigInteger(200, r).add(BigInteger.ONE))).toBytes());
        }
        return out;
    }

    private static List<byte[]> serialized(List<byte[]> compressed) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] c : compressed) {
            out.add(new P1_Affine(c).serialize());
        }
        return out;
    }

    private static List<CurvePoint> toCurve(List<byte[]> compressed) {
        List<CurvePoint> out = new ArrayList<>();
        for (byte[] c : compressed) {
            CurvePoint p = BLST.decodeToCurve(Group.G1, c);
            assertThat(p).isInstanceOf(UncheckedG1.class);
            out.add(p);
        }
        return out;
    }

    /** A curve point outside G1: the first abscissa from 5 up that is on the curve (the cofactor is > 1). */
    private static byte[] randomCurvePoint() {
        for (BigInteger x = BigInteger.valueOf(5); ; x = x.add(BigInteger.ONE)) {
            if (Points.g1HasPoint(x)) {
                return Points.withX(Group.G1, x, BigInteger.ONE, false);
            }
        }
    }
}
