package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.dkg.DkgFixtures.BACKEND;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.PubPoly;

class PolynomialProperties {
    private static final Point G = BACKEND.generator(Group.G1);

    @Property(tries = 15)
    void publicEvaluationMatchesTheShareAndCryptosPubPoly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int t,
            @ForAll @IntRange(min = 0, max = 300) int index) {
        SecretPolynomial f = SecretPolynomial.random(Scalar.random(new FixedRandom(seed)), t, new FixedRandom(seed + 1));
        PublicPolynomial p = new PublicPolynomial(BACKEND, f.commit(G));
        assertThat(p.eval(index)).isEqualTo(G.multiply(f.share(index)));
        assertThat(p.eval(index)).isEqualTo(new PubPoly(p.commits()).eval(index));
    }

    @Property(tries = 30)
    void anyThresholdSharesInterpolateTheSecret(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int t,
            @ForAll @IntRange(min = 0, max = 10) int extra) {
        Scalar secret = Scalar.random(new FixedRandom(seed));
        SecretPolynomial f = SecretPolynomial.random(secret, t, new FixedRandom(seed + 1));
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < t + extra; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        List<Integer> chosen = indices.subList(0, t);
        List<Scalar> lambdas = Lagrange.coefficientsAtZero(chosen);
        Scalar sum = Scalar.ZERO;
        for (int j = 0; j < t; j++) {
            sum = sum.add(lambdas.get(j).multiply(f.share(chosen.get(j))));
        }
        assertThat(sum).isEqualTo(secret);
        if (t > 1) {
            List<Integer> fewer = chosen.subList(0, t - 1);
            List<Scalar> l2 = Lagrange.coefficientsAtZero(fewer);
            Scalar partial = Scalar.ZERO;
            for (int j = 0; j < t - 1; j++) {
                partial = partial.add(l2.get(j).multiply(f.share(fewer.get(j))));
            }
            assertThat(partial).isNotEqualTo(secret);
        }
    }

    @Property(tries = 10)
    void smallScalarMultiplicationEqualsTheFullOne(@ForAll @IntRange(min = 1, max = 100000) int k) {
        Point p = G.multiply(Scalar.of(12345));
        assertThat(PublicPolynomial.multiplySmall(p, k)).isEqualTo(p.multiply(Scalar.of(k)));
    }
}
