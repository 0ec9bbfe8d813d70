package org.jdrand.crypto.props;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.tbls.PartialSignature;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;

/** Threshold BLS over random groups (n ≤ 20, 1 ≤ t ≤ n), on blst (and the bn254 backend for evmnet's scheme). */
class ThresholdProperties {
    private static final BlsBackend BLST = BlsBackends.blst();

    /** The backend of the scheme's points, with scalars mod its group order. */
    private static BlsBackend backend(Scheme scheme) {
        return BlsBackends.forScheme(BLST, scheme);
    }

    record Setup(int n, int t, long seed, Scheme scheme) {}

    @Provide
    Arbitrary<Setup> groups() {
        return Arbitraries.integers().between(1, 20).flatMap(n -> Combinators.combine(
                Arbitraries.just(n), Arbitraries.integers().between(1, n), Arbitraries.longs(),
                Arbitraries.of(Scheme.all())).as(Setup::new));
    }

    @Property(tries = 25)
    void anyThresholdSubsetRecoversTheSameVerifyingSignatureAndFewerDoNot(@ForAll("groups") Setup s) {
        SecureRandom rnd = Seeded.random(s.seed());
        PriPoly poly = PriPoly.random(s.t(), rnd, s.scheme().groupOrder());
        PubPoly pub = poly.commit(backend(s.scheme()), s.scheme().keyGroup());
        ThresholdBls tbls = new ThresholdBls(BLST, s.scheme(), rnd);
        byte[] msg = s.scheme().digest(new byte[96], s.seed() & Long.MAX_VALUE);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare share : poly.shares(s.n())) {
            partials.add(tbls.signPartial(share, msg));
        }
        Collections.shuffle(partials, rnd);
        byte[] expected = new Bls(BLST).sign(s.scheme(), poly.secret(), msg);

        byte[] first = tbls.recover(pub, msg, partials.subList(0, s.t()), s.t());
        byte[] last = tbls.recover(pub, msg, partials.subList(s.n() - s.t(), s.n()), s.t());
        assertThat(first).isEqualTo(expected).isEqualTo(last);
        assertThat(new Bls(BLST).verify(s.scheme(), pub.commit(), msg, first)).isTrue();
        if (s.t() > 1) {
            assertThatThrownBy(() -> tbls.recover(pub, msg, partials.subList(0, s.t() - 1), s.t()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining((s.t() - 1) + " valid partials");
            // interpolating t − 1 partials at 0 gives some other point
            assertThat(interpolate(s.scheme(), partials.subList(0, s.t() - 1))).isNotEqualTo(expected);
        }
        assertThat(tbls.invalidPartials(pub, msg, partials)).isEmpty();
    }

    private static byte[] interpolate(Scheme scheme, List<byte[]> partials) {
        List<PartialSignature> ps = partials.stream().map(p -> PartialSignature.fromBytes(scheme, p)).toList();
        List<Point> sigs = new ArrayList<>();
        List<Scalar> lambdas = new ArrayList<>();
        for (PartialSignature j : ps) {
            java.math.BigInteger r = scheme.groupOrder();
            Scalar num = Scalar.of(1, r);
            Scalar den = Scalar.of(1, r);
            for (PartialSignature m : ps) {
                if (m != j) {
                    num = num.multiply(Scalar.of(m.index() + 1L, r));
                    den = den.multiply(Scalar.of(m.index() + 1L, r).subtract(Scalar.of(j.index() + 1L, r)));
                }
            }
            sigs.add(backend(scheme).decode(scheme.signatureGroup(), j.signature()));
            lambdas.add(num.multiply(den.inverse()));
        }
        return backend(scheme).multiScalarMultiply(sigs, lambdas).toBytes();
    }

    @Property(tries = 15)
    void aPartialFromAWrongShareIsRejected(@ForAll("groups") Setup s) {
        SecureRandom rnd = Seeded.random(s.seed());
        PriPoly poly = PriPoly.random(s.t(), rnd, s.scheme().groupOrder());
        PubPoly pub = poly.commit(backend(s.scheme()), s.scheme().keyGroup());
        ThresholdBls tbls = new ThresholdBls(BLST, s.scheme(), rnd);
        byte[] msg = s.scheme().digest(new byte[96], 1);
        int victim = rnd.nextInt(s.n());
        // the right index with a share of another polynomial, or (t > 1: f is not constant) of another index
        PriShare forged = s.t() == 1 || rnd.nextBoolean()
                ? PriPoly.random(s.t(), rnd, s.scheme().groupOrder()).share(victim)
                : new PriShare(victim, poly.share((victim + 1) % 0xffff).value());
        byte[] bad = tbls.signPartial(forged, msg);
        assertThat(tbls.verifyPartial(pub, msg, bad)).isFalse();
        List<byte[]> partials = new ArrayList<>();
        for (PriShare share : poly.shares(s.n())) {
            partials.add(share.index() == victim ? bad : tbls.signPartial(share, msg));
        }
        assertThat(tbls.invalidPartials(pub, msg, partials)).containsExactly(victim);
    }

    @Property(tries = 15)
    void preHashedSignVerifyAndRecoverAgreeWithTheByteVariants(@ForAll("groups") Setup s) {
        SecureRandom rnd = Seeded.random(s.seed());
        PriPoly poly = PriPoly.random(s.t(), rnd, s.scheme().groupOrder());
        PubPoly pub = poly.commit(backend(s.scheme()), s.scheme().keyGroup());
        ThresholdBls tbls = new ThresholdBls(BLST, s.scheme(), rnd);
        byte[] msg = s.scheme().digest(new byte[96], 7);
        Point h = tbls.hashMessage(msg);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare share : poly.shares(s.n())) {
            byte[] p = tbls.signPartial(share, h);
            assertThat(p).isEqualTo(tbls.signPartial(share, msg));
            assertThat(tbls.verifyPartial(pub, h, p)).isTrue();
            partials.add(p);
        }
        Collections.shuffle(partials, rnd);
        byte[] expected = new Bls(BLST).sign(s.scheme(), poly.secret(), msg);
        assertThat(tbls.recoverVerified(pub, h, msg, partials.subList(0, s.t()), s.t())).isEqualTo(expected);
        // a partial over another message fails the pre-hashed check
        byte[] other = tbls.signPartial(poly.share(0), s.scheme().digest(new byte[96], 8));
        assertThat(tbls.verifyPartial(pub, h, other)).isFalse();
    }

    @Property(tries = 15)
    void recoverVerifiedStillSkipsAnInvalidPartialAndNeverReturnsABadSignature(@ForAll("groups") Setup s) {
        SecureRandom rnd = Seeded.random(s.seed());
        PriPoly poly = PriPoly.random(s.t(), rnd, s.scheme().groupOrder());
        PubPoly pub = poly.commit(backend(s.scheme()), s.scheme().keyGroup());
        ThresholdBls tbls = new ThresholdBls(BLST, s.scheme(), rnd);
        byte[] msg = s.scheme().digest(new byte[96], 9);
        Point h = tbls.hashMessage(msg);
        List<byte[]> partials = new ArrayList<>();
        // index 0 signs with a share of another polynomial (the caller wrongly believes it verified)
        partials.add(tbls.signPartial(PriPoly.random(s.t(), rnd, s.scheme().groupOrder()).share(0), h));
        for (PriShare share : poly.shares(s.n())) {
            if (share.index() != 0) {
                partials.add(tbls.signPartial(share, h));
            }
        }
        byte[] expected = new Bls(BLST).sign(s.scheme(), poly.secret(), msg);
        if (s.n() - 1 >= s.t()) {
            assertThat(tbls.recoverVerified(pub, h, msg, partials, s.t())).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> tbls.recoverVerified(pub, h, msg, partials, s.t()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 15)
    void optimisticCombineVerifiesOnlyTheResultAndTheBadPartialIsNamed(@ForAll("groups") Setup s) {
        SecureRandom rnd = Seeded.random(s.seed());
        PriPoly poly = PriPoly.random(s.t(), rnd, s.scheme().groupOrder());
        PubPoly pub = poly.commit(backend(s.scheme()), s.scheme().keyGroup());
        ThresholdBls tbls = new ThresholdBls(BLST, s.scheme(), rnd);
        byte[] msg = s.scheme().digest(new byte[96], 10);
        Point h = tbls.hashMessage(msg);
        List<byte[]> good = new ArrayList<>();
        for (PriShare share : poly.shares(s.n())) {
            good.add(tbls.signPartial(share, h));
        }
        Collections.shuffle(good, rnd);
        byte[] expected = new Bls(BLST).sign(s.scheme(), poly.secret(), msg);
        assertThat(tbls.combine(pub, h, good.subList(0, s.t()), s.t())).isEqualTo(expected);
        assertThat(tbls.combine(pub, h, good.subList(0, s.t() - 1), s.t())).isNull();
        assertThat(tbls.invalidPartials(pub, h, good)).isEmpty();

        // one of the t combined partials is signed with a foreign share of the same index
        List<byte[]> mixed = new ArrayList<>(good.subList(0, s.t()));
        int victim = rnd.nextInt(s.t());
        int index = ((mixed.get(victim)[0] & 0xff) << 8) | (mixed.get(victim)[1] & 0xff);
        mixed.set(victim, tbls.signPartial(PriPoly.random(s.t(), rnd, s.scheme().groupOrder()).share(index), h));
        assertThat(tbls.combine(pub, h, mixed, s.t())).isNull();
        assertThat(tbls.invalidPartials(pub, h, mixed)).containsExactly(victim);
        assertThat(tbls.invalidPartials(pub, msg, mixed)).containsExactly(victim);
    }
}
