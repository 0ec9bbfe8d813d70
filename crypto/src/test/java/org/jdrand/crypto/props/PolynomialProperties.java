package org.jdrand.crypto.props;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.Lagrange;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;

/** The one polynomial model (crypto.tbls) that both threshold signing and the DKG use. */
class PolynomialProperties {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Point G = BACKEND.generator(Group.G1);

    @Property(tries = 15)
    void publicEvaluationMatchesTheShareByBothEvaluations(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int t,
            @ForAll @IntRange(min = 0, max = 300) int index) {
        PriPoly f = PriPoly.withSecret(Scalar.random(Seeded.random(seed)), t, Seeded.random(seed + 1));
        PubPoly p = f.commit(BACKEND, Group.G1);
        Point expected = G.multiply(f.share(index).value());
        assertThat(p.eval(index)).isEqualTo(expected);
        assertThat(new PubPoly(p.commits()).eval(BACKEND, index)).isEqualTo(expected);
    }

    @Property(tries = 30)
    void anyThresholdSharesInterpolateTheSecretAndFewerDoNot(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 10) int t, @ForAll @IntRange(min = 0, max = 10) int extra) {
        Scalar secret = Scalar.random(Seeded.random(seed));
        PriPoly f = PriPoly.withSecret(secret, t, Seeded.random(seed + 1));
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < t + extra; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        List<Integer> chosen = indices.subList(0, t);
        assertThat(interpolate(f, chosen)).isEqualTo(secret);
        if (t > 1) {
            assertThat(interpolate(f, chosen.subList(0, t - 1))).isNotEqualTo(secret);
        }
    }

    @Property(tries = 10)
    void sumsOfPolynomialsCommitToTheSumOfTheirCommitments(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int t) {
        PriPoly a = PriPoly.random(t, Seeded.random(seed));
        PriPoly b = PriPoly.random(t, Seeded.random(seed + 1));
        assertThat(a.commit(BACKEND, Group.G2).add(b.commit(BACKEND, Group.G2)))
                .isEqualTo(a.add(b).commit(BACKEND, Group.G2));
    }

    @Example
    void lagrangeRefusesARepeatedIndexAndPolynomialsOfOtherThresholdsDoNotAdd() {
        assertThatThrownBy(() -> Lagrange.coefficientsAtZero(List.of(1, 4, 1)))
                .hasMessage("lagrange: index 1 twice (expected distinct indices)");
        PubPoly two = PriPoly.random(2, Seeded.random(1)).commit(BACKEND, Group.G1);
        PubPoly three = PriPoly.random(3, Seeded.random(2)).commit(BACKEND, Group.G1);
        assertThatThrownBy(() -> two.add(three)).hasMessageContaining("adding 3 commitments to 2");
    }

    private static Scalar interpolate(PriPoly f, List<Integer> indices) {
        List<Scalar> lambdas = Lagrange.coefficientsAtZero(indices);
        Scalar sum = Scalar.ZERO;
        for (int j = 0; j < indices.size(); j++) {
            sum = sum.add(lambdas.get(j).multiply(f.share(indices.get(j)).value()));
        }
        return sum;
    }
}
