package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairingTest {
    private static final BigInteger R = Bn254Constants.R;

    @Test
    void generatorsAreOnTheirCurvesAndOfOrderR() {
        Fp[] g1 = G1.GENERATOR.toAffine();
        assertThat(G1.isOnCurve(g1[0], g1[1])).isTrue();
        assertThat(G1.GENERATOR.mulPublic(R).isInfinity()).isTrue();
        Fp2[] g2 = G2.GENERATOR.toAffine();
        assertThat(G2.isOnCurve(g2[0], g2[1])).isTrue();
        assertThat(G2.GENERATOR.isInSubgroup()).isTrue();
        assertThat(G2.GENERATOR.mulPublic(R.subtract(BigInteger.ONE)).sameAs(G2.GENERATOR.neg())).isTrue();
    }

    @Test
    void pairingOfGeneratorsIsNonTrivialOfOrderR() {
        Fp12 e = Pairing.pair(G1.GENERATOR, G2.GENERATOR);
        assertThat(e.isOne()).isFalse();
        assertThat(e.pow(R).isOne()).isTrue();
    }

    @Test
    void finalExponentiationIsTheNaivePower() {
        Fp12 f = Pairing.millerLoop(List.of(G1.GENERATOR), List.of(G2.GENERATOR));
        BigInteger exp = Fp.P.pow(12).subtract(BigInteger.ONE).divide(R);
        assertThat(Pairing.finalExponentiation(f)).isEqualTo(f.pow(exp));
    }

    @Test
    void cyclotomicSquaringAgreesOnCyclotomicElements() {
        Fp12 f = Pairing.millerLoop(List.of(G1.GENERATOR), List.of(G2.GENERATOR));
        Fp12 t = f.conj().mul(f.inverse());
        t = t.frobenius(2).mul(t); // now in the cyclotomic subgroup
        assertThat(t.cyclotomicSqr()).isEqualTo(t.sqr());
        assertThat(t.cyclotomicPow(Bn254Constants.X)).isEqualTo(t.pow(BigInteger.valueOf(Bn254Constants.X)));
    }

    @Test
    void bilinear() {
        BigInteger a = new BigInteger("123456789abcdef0123456789abcdef", 16);
        BigInteger b = new BigInteger("fedcba9876543210fedcba987654321", 16);
        Fp12 lhs = Pairing.pair(G1.GENERATOR.mulPublic(a), G2.GENERATOR.mulPublic(b));
        Fp12 rhs = Pairing.pair(G1.GENERATOR, G2.GENERATOR).pow(a.multiply(b).mod(R));
        assertThat(lhs).isEqualTo(rhs);
        assertThat(Pairing.productIsOne(List.of(G1.GENERATOR.mulPublic(a), G1.GENERATOR.neg()),
                List.of(G2.GENERATOR, G2.GENERATOR.mulPublic(a)))).isTrue();
    }
}
