package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.dkg.DkgFixtures.BACKEND;
import static org.jdrand.dkg.DkgFixtures.assertSameGroup;
import static org.jdrand.dkg.DkgFixtures.assertSignsBeacon;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;

class AdversarialDkgTest {
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;

    /** The dealer's broadcast deal bundle carries garbage for {@code victim}, properly signed. */
    private static DkgHarness.Interceptor badShare(DkgFixtures.Fresh f, int dealer, int victim) {
        Ecies ecies = new Ecies(BACKEND, SCHEME.keyGroup());
        FixedRandom random = new FixedRandom(99);
        DealBundle[] forged = new DealBundle[1];
        return (from, to, b) -> {
            if (from != dealer || !(b instanceof DealBundle d)) {
                return List.of(b);
            }
            if (forged[0] == null) {
                List<Deal> deals = new ArrayList<>();
                for (Deal deal : d.deals()) {
                    deals.add(deal.shareIndex() != victim ? deal : new Deal(victim, ecies.encrypt(
                            f.nodes().get(victim).publicKey(), Scalar.random(random).toBytes(), random)));
                }
                DealBundle unsigned = new DealBundle(d.dealerIndex(), d.commits(), deals, d.sessionId(), new byte[0]);
                forged[0] = resign(unsigned, f.secrets().get(dealer));
            }
            return List.of(forged[0]);
        };
    }

    static <T extends DkgBundle> T resign(T bundle, Scalar secret) {
        byte[] sig = new Schnorr(BACKEND, SCHEME.keyGroup()).sign(secret, bundle.hash(), new FixedRandom(7));
        @SuppressWarnings("unchecked")
        T out = (T) bundle.withSignature(sig);
        return out;
    }

    @Test
    void badShareToOneNodeIsComplainedAboutAndJustifiedAndTheDealerStays() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 11);
        f.harness().interceptor = badShare(f, 2, 5);
        f.harness().run();

        List<DkgResult> results = f.harness().results();
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).hasSize(7);
        assertThat(results.get(0).excluded()).isEmpty();
        // the victim complained about dealer 2, which justified; the victim's share is usable
        assertThat(f.harness().sent).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(ResponseBundle.class,
                r -> assertThat(r.shareIndex()).isEqualTo(5)).satisfies(r -> assertThat(((ResponseBundle) r)
                        .responses()).contains(new Response(2, false))));
        assertThat(f.harness().sent).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(JustificationBundle.class,
                j -> assertThat(j.justifications()).extracting(Justification::shareIndex).containsExactly(5)));
        assertSignsBeacon(SCHEME, List.of(results.get(5), results.get(0), results.get(1), results.get(2)), 4, key,
                new Random(1));
        assertThat(f.harness().timeoutsFired).as("justification phase waits for its timeout").isEqualTo(1);
    }

    @Test
    void dealerThatCannotJustifyIsExcludedAndTheDkgSucceeds() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 12);
        DkgHarness.Interceptor bad = badShare(f, 2, 5);
        f.harness().interceptor = (from, to, b) ->
                from == 2 && b instanceof JustificationBundle ? List.of() : bad.deliver(from, to, b);
        f.harness().run();

        // the dealer's own session never learns its justification was lost: only honest views count
        List<DkgResult> results = f.harness().honestResults(Set.of(2));
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).extracting(DkgNode::index).containsExactly(0, 1, 3, 4, 5, 6);
        assertThat(results.get(0).excluded()).containsOnlyKeys(2);
        assertSignsBeacon(SCHEME, results, 4, key, new Random(2));
    }

    @Test
    void dealerWithInvalidJustificationIsEvicted() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 13);
        DkgHarness.Interceptor bad = badShare(f, 2, 5);
        f.harness().interceptor = (from, to, b) -> {
            if (from == 2 && b instanceof JustificationBundle j) {
                List<Justification> wrong = j.justifications().stream()
                        .map(x -> new Justification(x.shareIndex(), Scalar.of(42).toBytes())).toList();
                return List.of(resign(new JustificationBundle(2, wrong, j.sessionId(), new byte[0]),
                        f.secrets().get(2)));
            }
            return bad.deliver(from, to, b);
        };
        f.harness().run();

        List<DkgResult> results = f.harness().honestResults(Set.of(2));
        assertSameGroup(results);
        assertThat(results.get(0).excluded()).containsOnlyKeys(2);
        assertThat(results.get(0).excluded().get(2)).contains("does not match the commitments");
    }

    @Test
    void silentNodeIsEvictedAndTheOthersSucceed() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 14);
        f.harness().silent.add(3);
        f.harness().run();

        List<DkgResult> results = f.harness().results();
        assertThat(results).hasSize(6);
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).extracting(DkgNode::index).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(results.get(0).evictedHolders()).containsEntry(3, "no response");
        assertThat(results.get(0).excluded()).containsKey(3);
        assertSignsBeacon(SCHEME, results, 4, key, new Random(3));
    }

    @Test
    void asManySilentNodesAsTheThresholdAllowsStillSucceeds() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 15);
        f.harness().silent.addAll(List.of(0, 3, 6));
        f.harness().run();
        List<DkgResult> results = f.harness().results();
        assertThat(results).hasSize(4);
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).extracting(DkgNode::index).containsExactly(1, 2, 4, 5);
        assertSignsBeacon(SCHEME, results, 4, key, new Random(4));
    }

    @Test
    void tooFewLiveNodesFailWithATypedFailureNamingTheEvicted() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 7, 4, 16);
        f.harness().silent.addAll(List.of(0, 3, 5, 6));
        f.harness().run();
        for (int live : List.of(1, 2, 4)) {
            DkgOutcome outcome = f.harness().sessions.get(live).outcome().orElseThrow();
            assertThat(outcome).isInstanceOf(DkgFailure.class);
            DkgFailure failure = (DkgFailure) outcome;
            // 4 silent holders are 4 >= t complaints against every live dealer too (kyber rule)
            assertThat(failure.kind()).isEqualTo(DkgFailure.Kind.SELF_EVICTED);
            assertThat(failure.excluded()).containsKeys(0, 3, 5, 6);
            assertThat(failure.evictedHolders()).containsOnlyKeys(0, 3, 5, 6);
        }
    }

    @Test
    void oneSilentNodeWithThresholdNFailsForLackOfDealers() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 5, 5, 17);
        f.harness().silent.add(2);
        f.harness().run();
        for (int live : List.of(0, 1, 3, 4)) {
            DkgFailure failure = (DkgFailure) f.harness().sessions.get(live).outcome().orElseThrow();
            assertThat(failure.kind()).isEqualTo(DkgFailure.Kind.NOT_ENOUGH_DEALERS);
            assertThat(failure.message()).isEqualTo("dkg: valid dealers 4 (expected >= 5)");
            assertThat(failure.excluded()).containsOnlyKeys(2);
        }
    }

    @Test
    void tamperedReplayedAndDuplicatedBundlesAreHarmless() {
        long seed = 18;
        DkgFixtures.Fresh clean = DkgFixtures.fresh(SCHEME, 5, 3, seed);
        clean.harness().run();
        Point expectedKey = assertSameGroup(clean.harness().results());

        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 5, 3, seed);
        byte[] otherSession = DkgConfig.sessionId(2);
        f.harness().interceptor = (from, to, b) -> {
            List<DkgBundle> out = new ArrayList<>();
            // tampered: a flipped signature byte
            byte[] sig = b.signature();
            sig[sig.length - 1] ^= 1;
            out.add(b.withSignature(sig));
            // replayed into another session, validly signed by the real signer
            out.add(replay(b, otherSession, f.secrets().get(from)));
            // the real one, twice
            out.add(b);
            out.add(b);
            return out;
        };
        f.harness().run();

        List<DkgResult> results = f.harness().results();
        assertThat(assertSameGroup(results)).isEqualTo(expectedKey);
        List<DkgStep> steps = f.harness().steps.get(0);
        assertThat(steps).filteredOn(s -> s.receipt() == DkgStep.Receipt.REJECTED)
                .extracting(DkgStep::reason)
                .anySatisfy(r -> assertThat(r).contains("schnorr: signature does not verify"))
                .anySatisfy(r -> assertThat(r).contains("session id"));
        assertThat(steps).filteredOn(s -> s.receipt() == DkgStep.Receipt.DUPLICATE).isNotEmpty();
    }

    @Test
    void equivocatingDealerIsBarredAndEvicted() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 5, 3, 19);
        // the echo broadcast spreads both versions to everyone
        f.harness().interceptor = (from, to, b) -> {
            if (from == 1 && b instanceof DealBundle d) {
                // a second, different deal bundle signed by dealer 1
                DealBundle other = resign(new DealBundle(1, d.commits(), d.deals().subList(1, d.deals().size()),
                        d.sessionId(), new byte[0]), f.secrets().get(1));
                return List.of(b, other);
            }
            return List.of(b);
        };
        f.harness().run();
        assertThat(f.harness().steps.get(4)).extracting(DkgStep::receipt).contains(DkgStep.Receipt.CONFLICT);
        List<DkgResult> results = f.harness().honestResults(Set.of(1));
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).extracting(DkgNode::index).containsExactly(0, 2, 3, 4);
        assertThat(results.get(0).excluded()).containsOnlyKeys(1);
        assertSignsBeacon(SCHEME, results, 3, key, new Random(5));
    }

    @Test
    void echoBroadcastDeliversADealTheDealerDidNotSendToEveryone() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 5, 3, 21);
        f.harness().echo = true;
        f.harness().interceptor = (from, to, b) -> from == 1 && to == 4 && b instanceof DealBundle ? List.of() : List.of(b);
        f.harness().run();
        List<DkgResult> results = f.harness().results();
        assertSameGroup(results);
        assertThat(results.get(0).qual()).hasSize(5);
        assertThat(f.harness().timeoutsFired).isZero();
        assertThat(f.harness().steps.get(4)).extracting(DkgStep::receipt).contains(DkgStep.Receipt.DUPLICATE);
    }

    @Test
    void withoutEchoALostDealIsComplainedAboutAndJustified() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 5, 3, 21);
        f.harness().interceptor = (from, to, b) -> from == 1 && to == 4 && b instanceof DealBundle ? List.of() : List.of(b);
        f.harness().run();
        // node 4 never saw dealer 1's commitments, so it cannot check the justification and drops
        // dealer 1 (kyber); the others keep it: the views differ, which is why drand echoes bundles
        assertThat(f.harness().result(4).excluded()).containsEntry(1, "justification without a deal");
        assertThat(f.harness().result(0).excluded()).isEmpty();
    }

    @Test
    void unknownSignerIsRejected() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 3, 2, 20);
        DkgSession s = f.harness().sessions.get(0);
        DkgStep step = s.onDeal(new DealBundle(9, List.of(), List.of(), DkgConfig.sessionId(1), new byte[80]));
        assertThat(step.receipt()).isEqualTo(DkgStep.Receipt.REJECTED);
        assertThat(step.reason()).isEqualTo("deal bundle: dealer index 9 unknown");
    }

    private static DkgBundle replay(DkgBundle b, byte[] sessionId, Scalar secret) {
        DkgBundle moved;
        if (b instanceof DealBundle d) {
            moved = new DealBundle(d.dealerIndex(), d.commits(), d.deals(), sessionId, new byte[0]);
        } else if (b instanceof ResponseBundle r) {
            moved = new ResponseBundle(r.shareIndex(), r.responses(), sessionId, new byte[0]);
        } else {
            JustificationBundle j = (JustificationBundle) b;
            moved = new JustificationBundle(j.dealerIndex(), j.justifications(), sessionId, new byte[0]);
        }
        return resign(moved, secret);
    }
}
