package org.jdrand.crypto.backend.blst;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
import net.jqwik.api.Example;

/**
 * The deferred-clearing hash to G2 ({@link MapToG2} through the foreign linker) against blst's own
 * hash_to_g2 (jblst {@code P2.hash_to}), byte for byte. Surefire runs the JVM with the flags of its
 * JDK (root pom profiles) and the linker of that JDK on the path, so the foreign path must be the
 * active one here: jdk.incubator.foreign on JDK 17, java.lang.foreign on JDK 22+ ({@link ForeignLinkerLoadTest}).
 */
class DeferredHashToG2Properties {
    private static final BlstBackend FOREIGN = new BlstBackend();
    private static final BlstBackend JBLST = new BlstBackend(false);

    @Example
    void theForeignPathIsActiveUnderTestAndCanBeTurnedOff() {
        assertThat(FOREIGN.hashToCurvePath()).isEqualTo("blst-foreign");
        assertThat(FOREIGN.hashToCurveNote()).isEmpty();
        assertThat(JBLST.hashToCurvePath()).isEqualTo("jblst");
        assertThat(JBLST.hashToCurveNote()).isEqualTo("native map-to-curve turned off by jdrand.bls.foreign=false");
    }

    @Property(tries = 300)
    void clearedHashEqualsBlstHashToG2(@ForAll @Size(max = 300) byte[] message, @ForAll("dsts") String dst) {
        byte[] d = dst.getBytes(StandardCharsets.US_ASCII);
        DeferredHash deferred = FOREIGN.hashToCurveDeferred(Group.G2, message, d);
        assertThat(deferred).isInstanceOf(UnclearedHash.class);
        Point expected = JBLST.hashToCurve(Group.G2, message, d);
        assertThat(deferred.point().toBytes()).isEqualTo(expected.toBytes());
        assertThat(FOREIGN.hashToCurve(Group.G2, message, d).toBytes()).isEqualTo(expected.toBytes());
    }

    /**
     * The map on chosen field elements against blst's own blst_map_to_g2(u₀, u₁) (which clears):
     * random pairs, u₁ = ±u₀, and u = 0 (SSWU's exceptional case, which a hash practically never meets).
     */
    @Example
    void mapOfChosenFieldElementsEqualsBlstMapToG2() throws Throwable {
        BlstMapReference blstMap = new BlstMapReference(Group.G2);
        MapToG2 map = BlstBackend.Foreign.MAP_TO_G2;
        BigInteger p = DeferredMap.P;
        Random r = new Random(11);
        List<BigInteger[][]> pairs = new ArrayList<>();
        BigInteger[] zero = {BigInteger.ZERO, BigInteger.ZERO};
        for (int i = 0; i < 20; i++) {
            BigInteger[] a = {new BigInteger(381, r).mod(p), new BigInteger(381, r).mod(p)};
            BigInteger[] b = {new BigInteger(381, r).mod(p), new BigInteger(381, r).mod(p)};
            pairs.add(new BigInteger[][] {a, b});
            pairs.add(new BigInteger[][] {a, a});
            pairs.add(new BigInteger[][] {a, {p.subtract(a[0]), p.subtract(a[1])}});
            pairs.add(new BigInteger[][] {zero, b});
            pairs.add(new BigInteger[][] {a, zero});
        }
        pairs.add(new BigInteger[][] {zero, zero});
        for (BigInteger[][] pair : pairs) {
            long[] u0 = fp2(pair[0]);
            long[] u1 = fp2(pair[1]);
            Point ours = map.clear(map.mapUncleared(u0, u1));
            Point expected = blstMap.map(u0, u1);
            assertThat(ours.toBytes()).as("u0 %s, u1 %s", pair[0][0].toString(16), pair[1][0].toString(16))
                    .isEqualTo(expected.toBytes());
        }
    }

    private static long[] fp2(BigInteger[] c) {
        long[] limbs = new long[12];
        System.arraycopy(DeferredMap.montgomery(c[0]), 0, limbs, 0, 6);
        System.arraycopy(DeferredMap.montgomery(c[1]), 0, limbs, 6, 6);
        return limbs;
    }

    @Provide
    Arbitrary<String> dsts() {
        return Arbitraries.oneOf(Arbitraries.just(Scheme.PEDERSEN_BLS_CHAINED.dst()), Arbitraries.just(Scheme.PEDERSEN_BLS_UNCHAINED.dst()),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(80).filter(s -> s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)));
    }

    /** Σ rᵢ·H(mᵢ) with one clearing on the sum equals the weighted sum of blst's complete hashes. */
    @Property(tries = 40)
    void sumOfDeferredHashesEqualsSumOfHashes(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 255) int weightBits) {
        Random r = new Random(seed);
        byte[] dst = Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII);
        List<DeferredHash> deferred = new ArrayList<>();
        List<Point> complete = new ArrayList<>();
        List<Scalar> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[32];
            r.nextBytes(m);
            deferred.add(FOREIGN.hashToCurveDeferred(Group.G2, m, dst));
            complete.add(JBLST.hashToCurve(Group.G2, m, dst));
            BigInteger w = new BigInteger(weightBits, r);
            weights.add(Scalar.of(i == 1 ? BigInteger.ZERO : w)); // a zero weight too
        }
        Point expected = JBLST.multiScalarMultiply(complete, weights);
        assertThat(FOREIGN.sumOfHashes(deferred, weights).toBytes()).isEqualTo(expected.toBytes());
        assertThat(JBLST.sumOfHashes(complete.stream().map(DeferredHash::of).toList(), weights).toBytes())
                .isEqualTo(expected.toBytes());
    }

    /** blst's native Pippenger over decoded signatures equals our Java Pippenger (the fallback). */
    @Property(tries = 20)
    void nativeMsmOfDecodedG2PointsEqualsJavaMsm(@ForAll @IntRange(min = 16, max = 120) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 255) int weightBits) {
        MsmAgreement.decodedSumsAgree(FOREIGN, JBLST, Group.G2, Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII), n,
                seed, weightBits);
    }

    @Example
    void sumOfRepeatedAndAllZeroWeights() {
        byte[] dst = Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII);
        DeferredHash h = FOREIGN.hashToCurveDeferred(Group.G2, new byte[] {1, 2, 3}, dst);
        Point p = JBLST.hashToCurve(Group.G2, new byte[] {1, 2, 3}, dst);
        List<Scalar> weights = List.of(Scalar.of(3), Scalar.of(5), Scalar.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertThat(FOREIGN.sumOfHashes(List.of(h, h, h), weights).toBytes())
                .isEqualTo(JBLST.multiScalarMultiply(List.of(p, p, p), weights).toBytes());
        assertThat(FOREIGN.sumOfHashes(List.of(h, h), List.of(Scalar.of(0), Scalar.of(0))).isInfinity()).isTrue();
        assertThat(FOREIGN.sumOfHashes(List.of(h), List.of(Scalar.of(7))).toBytes())
                .isEqualTo(p.multiply(Scalar.of(7)).toBytes());
    }

    @Example
    void mixingWithCompleteHashesFallsBackToTheirPoints() {
        byte[] dst = Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII);
        DeferredHash a = FOREIGN.hashToCurveDeferred(Group.G2, new byte[] {9}, dst);
        DeferredHash b = DeferredHash.of(JBLST.hashToCurve(Group.G2, new byte[] {8}, dst));
        Point expected = JBLST.hashToCurve(Group.G2, new byte[] {9}, dst).multiply(Scalar.of(2))
                .add(JBLST.hashToCurve(Group.G2, new byte[] {8}, dst).multiply(Scalar.of(3)));
        assertThat(FOREIGN.sumOfHashes(List.of(a, b), List.of(Scalar.of(2), Scalar.of(3))).toBytes()).isEqualTo(expected.toBytes());
    }

    /** Each thread hashes in its own native scratch space: parallel hashes stay equal to blst's. */
    @Example
    void concurrentHashesAgree() {
        byte[] dst = Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII);
        List<Integer> mismatches = java.util.stream.IntStream.range(0, 64).parallel().filter(i -> {
            byte[] m = BigInteger.valueOf(i * 7919L).toByteArray();
            return !java.util.Arrays.equals(FOREIGN.hashToCurveDeferred(Group.G2, m, dst).point().toBytes(),
                    JBLST.hashToCurve(Group.G2, m, dst).toBytes());
        }).boxed().toList();
        assertThat(mismatches).isEmpty();
    }

    @Example
    void withoutTheForeignPathHashesAreComplete() {
        byte[] dst = Scheme.DST_G1.getBytes(StandardCharsets.US_ASCII);
        assertThat(JBLST.hashToCurveDeferred(Group.G1, new byte[] {1}, dst)).isInstanceOf(DeferredHash.Complete.class);
        assertThat(JBLST.hashToCurveDeferred(Group.G2, new byte[] {1}, Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(DeferredHash.Complete.class);
    }

    /** A G1 hash never enters a G2 sum's native path (nor the reverse): the maps are per group. */
    @Example
    void hashesOfTheOtherGroupFallBack() {
        DeferredHash g1 = FOREIGN.hashToCurveDeferred(Group.G1, new byte[] {1}, Scheme.DST_G1.getBytes(StandardCharsets.US_ASCII));
        DeferredHash g2 = FOREIGN.hashToCurveDeferred(Group.G2, new byte[] {1}, Scheme.DST_G2.getBytes(StandardCharsets.US_ASCII));
        assertThat(((UnclearedHash) g1).map()).isNotSameAs(((UnclearedHash) g2).map());
        assertThat(g1.group()).isEqualTo(Group.G1);
        assertThat(g2.group()).isEqualTo(Group.G2);
    }
}
