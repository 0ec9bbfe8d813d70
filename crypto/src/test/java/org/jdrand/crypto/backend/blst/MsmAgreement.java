package org.jdrand.crypto.backend.blst;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/** The property both groups' native sums share ({@link NativeMsm}): blst's Pippenger equals the Java one. */
final class MsmAgreement {
    private MsmAgreement() {
    }

    /**
     * n decoded points of {@code group} (hashes standing in for signatures), one zero weight and,
     * from 21 points on, one repeated point: the foreign backend's sum equals jblst's.
     */
    static void decodedSumsAgree(BlstBackend foreign, BlstBackend jblst, Group group, byte[] dst, int n, long seed,
            int weightBits) {
        Random r = new Random(seed);
        List<Point> decodedForeign = new ArrayList<>();
        List<Point> decodedJblst = new ArrayList<>();
        List<Scalar> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[8];
            r.nextBytes(m);
            byte[] sig = jblst.hashToCurve(group, m, dst).toBytes();
            decodedForeign.add(foreign.decode(group, sig));
            decodedJblst.add(jblst.decode(group, sig));
            weights.add(Scalar.of(i == 5 ? BigInteger.ZERO : new BigInteger(weightBits, r)));
        }
        if (n > 20) {
            decodedForeign.set(7, decodedForeign.get(6)); // a repeated point
            decodedJblst.set(7, decodedJblst.get(6));
        }
        assertThat(foreign.multiScalarMultiply(decodedForeign, weights).toBytes())
                .isEqualTo(jblst.multiScalarMultiply(decodedJblst, weights).toBytes());
    }
}
