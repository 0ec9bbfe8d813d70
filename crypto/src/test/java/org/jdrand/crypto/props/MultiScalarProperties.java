package org.jdrand.crypto.props;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * blst's multi-scalar multiplication (Pippenger with signed digits, used from 16 points on) equals
 * Σ sᵢ·Pᵢ computed point by point, for decoded points (affine known) and computed ones, batch
 * weights of 64 bits, full-size scalars, zeros, repeated points and the point at infinity.
 */
class MultiScalarProperties {
    private static final BlsBackend BLST = BlsBackends.blst();

    @Property(tries = 12)
    void pippengerEqualsTheSumOfProducts(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
        SecureRandom rnd = Seeded.random(seed);
        Group g = rnd.nextBoolean() ? Group.G1 : Group.G2;
        boolean wide = rnd.nextInt(3) == 0;
        List<Point> points = new ArrayList<>(n);
        List<Scalar> scalars = new ArrayList<>(n);
        Point naive = BLST.infinity(g);
        for (int i = 0; i < n; i++) {
            Point p = switch (rnd.nextInt(8)) {
                case 0 -> BLST.infinity(g);
                case 1 -> i > 0 ? points.get(rnd.nextInt(i)) : BLST.generator(g);
                case 2, 3, 4 -> BLST.decode(g, BLST.generator(g).multiply(Scalar.random(rnd)).toBytes());
                default -> BLST.generator(g).multiply(Scalar.random(rnd));
            };
            Scalar s = switch (rnd.nextInt(10)) {
                case 0 -> Scalar.ZERO;
                case 1 -> Scalar.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)); // every digit carries
                default -> wide ? Scalar.random(rnd) : Scalar.of(new BigInteger(64, rnd));
            };
            points.add(p);
            scalars.add(s);
            naive = naive.add(p.multiply(s));
        }
        assertThat(BLST.multiScalarMultiply(points, scalars)).isEqualTo(naive);
    }
}
