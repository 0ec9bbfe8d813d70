package org.jdrand.crypto.backend.blst;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * The G1 batch path through the foreign linker (the deferred-clearing hash {@link MapToG1} and
 * blst's Pippenger in {@link MapToG1} and {@link NativeG1}) against blst's own hash_to_g1 (jblst
 * {@code P1.hash_to}) and jdrand's Java Pippenger (the backend without the foreign path), byte for
 * byte. Surefire runs with the foreign linker of its JDK (see {@link DeferredHashToG2Properties}).
 */
class DeferredHashToG1Properties {
    private static final BlstBackend FOREIGN = new BlstBackend();
    private static final BlstBackend JBLST = new BlstBackend(false);
    private static final byte[] DST = Scheme.DST_G1.getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 300)
    void clearedHashEqualsBlstHashToG1(@ForAll @Size(max = 300) byte[] message, @ForAll("dsts") String dst) {
        byte[] d = dst.getBytes(StandardCharsets.US_ASCII);
        DeferredHash h = FOREIGN.hashToCurveDeferred(Group.G1, message, d);
        assertThat(h).isInstanceOf(UnclearedHash.class);
        assertThat(h.group()).isEqualTo(Group.G1);
        Point expected = JBLST.hashToCurve(Group.G1, message, d);
        assertThat(h.point().toBytes()).isEqualTo(expected.toBytes());
        assertThat(FOREIGN.hashToCurve(Group.G1, message, d).toBytes()).isEqualTo(expected.toBytes());
    }

    /**
     * The map on chosen field elements against blst's own blst_map_to_g1(u₀, u₁) (which clears):
     * random pairs, and the pairs a hash practically never meets: u₁ = u₀ (the addition doubles),
     * u₁ = −u₀ (the sum is the point at infinity), u = 0 (SSWU's exceptional case).
     */
    @Example
    void mapOfChosenFieldElementsEqualsBlstMapToG1() throws Throwable {
        BlstMapReference blstMap = new BlstMapReference(Group.G1);
        MapToG1 map = BlstBackend.Foreign.MAP_TO_G1;
        BigInteger p = DeferredMap.P;
        Random r = new Random(7);
        List<BigInteger[]> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BigInteger a = new BigInteger(381, r).mod(p);
            BigInteger b = new BigInteger(381, r).mod(p);
            pairs.add(new BigInteger[] {a, b});
            pairs.add(new BigInteger[] {a, a});
            pairs.add(new BigInteger[] {a, p.subtract(a)});
        }
        pairs.add(new BigInteger[] {BigInteger.ZERO, BigInteger.TEN});
        pairs.add(new BigInteger[] {BigInteger.TEN, BigInteger.ZERO});
        pairs.add(new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
        int infinities = 0;
        for (BigInteger[] pair : pairs) {
            long[] u0 = DeferredMap.montgomery(pair[0]);
            long[] u1 = DeferredMap.montgomery(pair[1]);
            Point ours = map.clear(map.mapUncleared(u0, u1));
            Point expected = blstMap.map(u0, u1);
            assertThat(ours.toBytes()).as("u0 %s, u1 %s", pair[0].toString(16), pair[1].toString(16)).isEqualTo(expected.toBytes());
            infinities += ours.isInfinity() ? 1 : 0;
        }
        assertThat(infinities).as("u1 = -u0 sums to infinity (u = 0 is its own negation: doubled)").isEqualTo(40);
    }

    @Provide
    Arbitrary<String> dsts() {
        return Arbitraries.oneOf(Arbitraries.just(Scheme.DST_G1), Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(80)
                .filter(s -> s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)));
    }

    /** h_eff·Σ rᵢ·Qᵢ through blst's Pippenger equals the Java Pippenger over blst's complete hashes. */
    @Property(tries = 30)
    void sumOfDeferredHashesEqualsJavaSum(@ForAll @IntRange(min = 1, max = 60) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 255) int weightBits) {
        Random r = new Random(seed);
        List<DeferredHash> hashes = new ArrayList<>();
        List<Point> complete = new ArrayList<>();
        List<Scalar> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[32];
            r.nextBytes(m);
            hashes.add(FOREIGN.hashToCurveDeferred(Group.G1, m, DST));
            complete.add(JBLST.hashToCurve(Group.G1, m, DST));
            weights.add(Scalar.of(i == 1 ? BigInteger.ZERO : new BigInteger(weightBits, r))); // a zero weight too
        }
        if (n > 4) {
            hashes.set(3, hashes.get(2)); // a repeated point
            complete.set(3, complete.get(2));
        }
        assertThat(FOREIGN.sumOfHashes(hashes, weights).toBytes()).isEqualTo(JBLST.multiScalarMultiply(complete, weights).toBytes());
    }

    /** blst's native Pippenger over decoded G1 signatures equals the Java Pippenger (the fallback). */
    @Property(tries = 20)
    void nativeMsmOfDecodedG1PointsEqualsJavaMsm(@ForAll @IntRange(min = 16, max = 120) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 255) int weightBits) {
        MsmAgreement.decodedSumsAgree(FOREIGN, JBLST, Group.G1, DST, n, seed, weightBits);
    }

    @Example
    void sumOfRepeatedAndAllZeroWeights() {
        DeferredHash h = FOREIGN.hashToCurveDeferred(Group.G1, new byte[] {1, 2, 3}, DST);
        Point p = JBLST.hashToCurve(Group.G1, new byte[] {1, 2, 3}, DST);
        List<Scalar> weights = List.of(Scalar.of(3), Scalar.of(5), Scalar.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertThat(FOREIGN.sumOfHashes(List.of(h, h, h), weights).toBytes())
                .isEqualTo(JBLST.multiScalarMultiply(List.of(p, p, p), weights).toBytes());
        assertThat(FOREIGN.sumOfHashes(List.of(h, h), List.of(Scalar.of(0), Scalar.of(0))).isInfinity()).isTrue();
        assertThat(FOREIGN.sumOfHashes(List.of(h), List.of(Scalar.of(7))).toBytes()).isEqualTo(p.multiply(Scalar.of(7)).toBytes());
        Point sig = FOREIGN.decode(Group.G1, p.toBytes());
        List<Point> sixteen = java.util.Collections.nCopies(16, sig);
        List<Scalar> zeros = java.util.Collections.nCopies(16, Scalar.of(0));
        assertThat(FOREIGN.multiScalarMultiply(sixteen, zeros).isInfinity()).isTrue();
    }

    @Example
    void mixingWithCompleteHashesFallsBackToTheirPoints() {
        DeferredHash a = FOREIGN.hashToCurveDeferred(Group.G1, new byte[] {9}, DST);
        DeferredHash b = DeferredHash.of(JBLST.hashToCurve(Group.G1, new byte[] {8}, DST));
        Point expected = JBLST.hashToCurve(Group.G1, new byte[] {9}, DST).multiply(Scalar.of(2))
                .add(JBLST.hashToCurve(Group.G1, new byte[] {8}, DST).multiply(Scalar.of(3)));
        assertThat(FOREIGN.sumOfHashes(List.of(a, b), List.of(Scalar.of(2), Scalar.of(3))).toBytes()).isEqualTo(expected.toBytes());
        assertThat(JBLST.sumOfHashes(List.of(a, b), List.of(Scalar.of(2), Scalar.of(3))).toBytes()).isEqualTo(expected.toBytes());
    }

    /** Each thread hashes in its own native scratch space: parallel hashes stay equal to blst's. */
    @Example
    void concurrentHashesAgree() {
        List<Integer> mismatches = java.util.stream.IntStream.range(0, 64).parallel().filter(i -> {
            byte[] m = BigInteger.valueOf(i * 7919L).toByteArray();
            return !java.util.Arrays.equals(FOREIGN.hashToCurveDeferred(Group.G1, m, DST).point().toBytes(),
                    JBLST.hashToCurve(Group.G1, m, DST).toBytes());
        }).boxed().toList();
        assertThat(mismatches).isEmpty();
    }
}
