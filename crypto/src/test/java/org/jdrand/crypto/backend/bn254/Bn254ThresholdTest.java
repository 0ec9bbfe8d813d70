package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.tbls.Lagrange;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.junit.jupiter.api.Test;

/**
 * Threshold BLS on the evmnet scheme through the shared {@link ThresholdBls}: shares of a BN254
 * polynomial (arithmetic mod BN254's r) sign partials, any t of them recover the group
 * signature, which is the plain signature of the group secret and verifies as a beacon.
 */
class Bn254ThresholdTest {
    private static final Scheme EVMNET = Scheme.BLS_BN254_UNCHAINED_ON_G1;

    /** A dealer's polynomial of degree t-1 mod BN254's r: shares f(i+1) and commitments aⱼ·g2. */
    record Dealt(BigInteger secret, List<PriShare> shares, PubPoly pubPoly) {
        static Dealt of(int t, int n, SecureRandom random) {
            BigInteger r = EVMNET.groupOrder();
            List<BigInteger> coeffs = new ArrayList<>();
            for (int j = 0; j < t; j++) {
                coeffs.add(new BigInteger(320, random).mod(r));
            }
            List<PriShare> shares = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                BigInteger x = BigInteger.valueOf(i + 1L);
                BigInteger v = BigInteger.ZERO;
                for (int j = t - 1; j >= 0; j--) {
                    v = v.multiply(x).add(coeffs.get(j)).mod(r);
                }
                shares.add(new PriShare(i, Scalar.of(v)));
            }
            Bls bls = new Bls(BlsBackends.bn254());
            List<Point> commits = new ArrayList<>();
            for (BigInteger c : coeffs) {
                commits.add(bls.publicKey(EVMNET, Scalar.of(c)));
            }
            return new Dealt(coeffs.get(0), shares, new PubPoly(commits));
        }
    }

    @Test
    void anyThresholdOfPartialsRecoversTheGroupSignature() {
        SecureRandom random = new SecureRandom();
        int t = 4;
        Dealt d = Dealt.of(t, 7, random);
        ThresholdBls tbls = new ThresholdBls(BlsBackends.blst(), EVMNET); // the bn254 backend is picked for the scheme
        long round = 6390578;
        byte[] msg = EVMNET.digest(null, round);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare s : d.shares()) {
            byte[] p = tbls.signPartial(s, msg);
            assertThat(p).hasSize(2 + 64);
            assertThat(tbls.verifyPartial(d.pubPoly(), msg, p)).isTrue();
            partials.add(p);
        }
        byte[] direct = new Bls(BlsBackends.bn254()).sign(EVMNET, Scalar.of(d.secret()), msg);
        assertThat(tbls.recover(d.pubPoly(), msg, partials.subList(0, t), t)).isEqualTo(direct);
        assertThat(tbls.recover(d.pubPoly(), msg, partials.subList(3, 7), t)).isEqualTo(direct);
        // a forged partial among them is skipped when enough valid ones remain
        List<byte[]> withBad = new ArrayList<>(partials.subList(1, 6));
        byte[] forged = tbls.signPartial(new PriShare(0, Scalar.of(12345)), msg);
        withBad.add(0, forged);
        assertThat(tbls.recover(d.pubPoly(), msg, withBad, t)).isEqualTo(direct);
        assertThat(tbls.verifyPartial(d.pubPoly(), msg, forged)).isFalse();
        assertThatThrownBy(() -> tbls.recover(d.pubPoly(), msg, partials.subList(0, t - 1), t))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 valid partials of 3 given (threshold 4)");
        BeaconVerifier v = new BeaconVerifier(BlsBackends.bn254(), EVMNET, d.pubPoly().commit().toBytes());
        assertThat(v.isValid(new Beacon(round, direct, null))).isTrue();
    }

    /** The shared polynomial types dealt mod BN254's r: what a DKG on the evmnet scheme does. */
    @Test
    void polynomialsOfTheSchemesOrderDealWorkingShares() {
        SecureRandom random = new SecureRandom();
        BigInteger r = EVMNET.groupOrder();
        PriPoly poly = PriPoly.random(3, random, r);
        assertThat(poly.order()).isEqualTo(r);
        assertThat(poly.shares(5)).allSatisfy(s -> assertThat(s.value().order()).isEqualTo(r));
        PubPoly pub = poly.commit(BlsBackends.bn254(), EVMNET.keyGroup());
        ThresholdBls tbls = new ThresholdBls(BlsBackends.blst(), EVMNET);
        byte[] msg = EVMNET.digest(null, 42);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare s : poly.shares(5)) {
            byte[] p = tbls.signPartial(s, msg);
            assertThat(tbls.verifyPartial(pub, msg, p)).isTrue();
            partials.add(p);
        }
        // the Lagrange weights mod BN254's r recover the secret itself from any 3 shares
        List<Scalar> l = Lagrange.coefficientsAtZero(List.of(1, 3, 4), r);
        Scalar secret = l.get(0).multiply(poly.share(1).value()).add(l.get(1).multiply(poly.share(3).value()))
                .add(l.get(2).multiply(poly.share(4).value()));
        assertThat(secret).isEqualTo(poly.secret());
        byte[] direct = new Bls(BlsBackends.bn254()).sign(EVMNET, poly.secret(), msg);
        assertThat(tbls.recover(pub, msg, partials.subList(2, 5), 3)).isEqualTo(direct);
        assertThat(new Bls(BlsBackends.blst()).verify(EVMNET, pub.commit(), msg, direct)).isTrue();
        // BLS12-381 scalars (BLS12-381's r) do not mix with BN254 ones
        assertThatThrownBy(() -> poly.secret().add(Scalar.ONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixing orders");
        assertThatThrownBy(() -> Scalar.fromBytes(r.toByteArray().length == 32 ? r.toByteArray() : new byte[33], r))
                .hasMessageContaining("not below the group order");
    }
}
