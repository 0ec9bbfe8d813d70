package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.dkg.DkgFixtures.BACKEND;
import static org.jdrand.dkg.DkgFixtures.assertSameGroup;
import static org.jdrand.dkg.DkgFixtures.assertSignsBeacon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReshareTest {
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;

    /** A finished fresh group to reshare from. */
    private static DkgFixtures.Fresh oldGroup(int n, int t, long seed) {
        return oldGroup(SCHEME, n, t, seed);
    }

    private static DkgFixtures.Fresh oldGroup(Scheme scheme, int n, int t, long seed) {
        DkgFixtures.Fresh f = DkgFixtures.fresh(scheme, n, t, seed);
        f.harness().run();
        return f;
    }

    record Reshare(DkgHarness harness, List<DkgNode> newNodes, Map<Integer, Integer> newIndexOfOld) {}

    /** New group = the given old remainers + {@code joiners} fresh keys, threshold newT, epoch 2. */
    private static Reshare reshare(DkgFixtures.Fresh old, List<Integer> remainers, int joiners, int newT, long seed) {
        return reshare(SCHEME, old, remainers, joiners, newT, seed);
    }

    private static Reshare reshare(Scheme scheme, DkgFixtures.Fresh old, List<Integer> remainers, int joiners, int newT,
            long seed) {
        FixedRandom random = new FixedRandom(seed);
        Map<String, Scalar> secretByKey = new HashMap<>();
        Map<String, Integer> oldIndexByKey = new HashMap<>();
        List<Point> keys = new ArrayList<>();
        for (int i : remainers) {
            Point p = old.nodes().get(i).publicKey();
            keys.add(p);
            secretByKey.put(Hex.encode(p.toBytes()), old.secrets().get(i));
            oldIndexByKey.put(Hex.encode(p.toBytes()), i);
        }
        for (int j = 0; j < joiners; j++) {
            Scalar s = Scalar.random(random, scheme.groupOrder());
            Point p = BlsBackends.forScheme(BACKEND, scheme).generator(scheme.keyGroup()).multiply(s);
            keys.add(p);
            secretByKey.put(Hex.encode(p.toBytes()), s);
        }
        List<DkgNode> newNodes = DkgConfig.sortedByPublicKey(keys);
        List<Point> oldCommits = old.harness().result(0).commits();
        DkgHarness h = new DkgHarness(scheme, BACKEND);
        Map<Integer, Integer> newIndexOfOld = new HashMap<>();
        for (DkgNode node : newNodes) {
            String key = Hex.encode(node.publicKey().toBytes());
            Integer oldIndex = oldIndexByKey.get(key);
            Scalar oldShare = oldIndex == null ? null : old.harness().result(oldIndex).share();
            if (oldIndex != null) {
                newIndexOfOld.put(oldIndex, node.index());
            }
            h.add(DkgConfig.reshare(scheme, BACKEND, secretByKey.get(key), old.nodes(), oldCommits, oldShare,
                    newNodes, newT, DkgConfig.sessionId(2)), new FixedRandom(seed * 1000 + node.index()));
        }
        return new Reshare(h, newNodes, newIndexOfOld);
    }

    @Test
    void reshareWithJoinersLeaversAndNewThresholdKeepsTheGroupKey() {
        DkgFixtures.Fresh old = oldGroup(5, 3, 31);
        Point groupKey = old.harness().result(0).groupKey();
        // old node 4 leaves, 0..3 remain, 3 join: n 5 -> 7, t 3 -> 5
        Reshare r = reshare(old, List.of(0, 1, 2, 3), 3, 5, 32);
        r.harness().run();

        List<DkgResult> results = r.harness().results();
        assertThat(results).hasSize(7);
        Point newKey = assertSameGroup(results);
        assertThat(newKey).as("group key unchanged").isEqualTo(groupKey);
        assertThat(results.get(0).threshold()).isEqualTo(5);
        assertThat(results.get(0).qual()).hasSize(7);
        assertThat(results.get(0).excluded()).as("the leaver dealt nothing").containsOnlyKeys(4);
        assertThat(r.newIndexOfOld()).as("indices follow the new sorted order and may change")
                .anySatisfy((oldIndex, newIndex) -> assertThat(newIndex).isNotEqualTo(oldIndex));
        assertSignsBeacon(SCHEME, results, 5, groupKey, new Random(6));
        // the new shares and the old shares are distinct sharings of the same key
        assertThat(results.get(r.newIndexOfOld().get(0)).share()).isNotEqualTo(old.harness().result(0).share());
    }

    /** evmnet's scheme: keys, commitments and deals on BN254's G2, scalars mod BN254's r. */
    @Test
    void bn254FreshDkgThenReshareKeepsTheGroupKeyAndSigns() {
        Scheme evmnet = Scheme.BLS_BN254_UNCHAINED_ON_G1;
        DkgFixtures.Fresh old = oldGroup(evmnet, 4, 3, 77);
        List<DkgResult> first = old.harness().results();
        Point groupKey = assertSameGroup(first);
        assertThat(groupKey.toBytes()).as("uncompressed BN254 G2 key").hasSize(128);
        assertThat(first.get(0).share().order()).isEqualTo(evmnet.groupOrder());
        assertSignsBeacon(evmnet, first, 3, groupKey, new Random(7));
        // 0..2 remain, one joins: n 4 -> 4, t 3 -> 3
        Reshare r = reshare(evmnet, old, List.of(0, 1, 2), 1, 3, 78);
        r.harness().run();
        List<DkgResult> results = r.harness().results();
        assertThat(assertSameGroup(results)).as("group key unchanged").isEqualTo(groupKey);
        assertSignsBeacon(evmnet, results, 3, groupKey, new Random(8));
    }

    @RepeatedTest(2)
    void randomReshareKeepsTheGroupKey() {
        long seed = new Random().nextLong();
        System.out.println(getClass().getSimpleName() + " seed " + seed); // to reproduce a failure
        Random r = new Random(seed);
        int oldN = 3 + r.nextInt(6);
        int oldT = DkgConfig.minimumThreshold(oldN) + r.nextInt(oldN - DkgConfig.minimumThreshold(oldN) + 1);
        DkgFixtures.Fresh old = oldGroup(oldN, oldT, seed);
        List<Integer> remainers = new ArrayList<>();
        for (int i = 0; i < oldN; i++) {
            remainers.add(i);
        }
        java.util.Collections.shuffle(remainers, r);
        remainers = new ArrayList<>(remainers.subList(0, oldT + r.nextInt(oldN - oldT + 1)));
        int joiners = r.nextInt(4);
        int newN = remainers.size() + joiners;
        int newT = DkgConfig.minimumThreshold(newN) + r.nextInt(newN - DkgConfig.minimumThreshold(newN) + 1);
        Reshare re = reshare(old, remainers, joiners, newT, seed + 1);
        re.harness().run();
        List<DkgResult> results = re.harness().results();
        assertThat(assertSameGroup(results)).as("seed %d", seed).isEqualTo(old.harness().result(0).groupKey());
        assertThat(results).hasSize(newN);
        assertSignsBeacon(SCHEME, results, newT, results.get(0).groupKey(), r);
    }

    @Test
    void silentRemainerAndSilentJoinerAreLeftOutWhileEnoughRemain() {
        DkgFixtures.Fresh old = oldGroup(5, 3, 42);
        Reshare r = reshare(old, List.of(0, 1, 2, 3), 2, 4, 43);
        int silentRemainer = r.newIndexOfOld().get(1);
        int silentJoiner = r.newNodes().stream().map(DkgNode::index)
                .filter(i -> !r.newIndexOfOld().containsValue(i)).findFirst().orElseThrow();
        r.harness().silent.addAll(List.of(silentRemainer, silentJoiner));
        r.harness().run();
        List<DkgResult> results = r.harness().results();
        assertThat(results).hasSize(4);
        assertThat(assertSameGroup(results)).isEqualTo(old.harness().result(0).groupKey());
        assertThat(results.get(0).qual()).extracting(DkgNode::index).doesNotContain(silentRemainer, silentJoiner)
                .hasSize(4);
        assertThat(results.get(0).evictedHolders()).containsOnlyKeys(silentRemainer, silentJoiner);
        assertSignsBeacon(SCHEME, results, 4, results.get(0).groupKey(), new Random(10));
    }

    @Test
    void reshareToTheSameNodesWithAllOnlineFinishesByFastSync() {
        DkgFixtures.Fresh old = oldGroup(4, 3, 33);
        Reshare r = reshare(old, List.of(0, 1, 2, 3), 0, 3, 34);
        r.harness().run();
        List<DkgResult> results = r.harness().results();
        assertThat(assertSameGroup(results)).isEqualTo(old.harness().result(0).groupKey());
        assertThat(r.harness().timeoutsFired).isZero();
        assertSignsBeacon(SCHEME, results, 3, results.get(0).groupKey(), new Random(7));
    }

    @Test
    void reshareCanShrinkTheGroupAndLowerTheThreshold() {
        DkgFixtures.Fresh old = oldGroup(7, 5, 35);
        Reshare r = reshare(old, List.of(1, 2, 4, 5, 6), 0, 3, 36);
        r.harness().run();
        List<DkgResult> results = r.harness().results();
        assertThat(assertSameGroup(results)).isEqualTo(old.harness().result(0).groupKey());
        assertSignsBeacon(SCHEME, results, 3, results.get(0).groupKey(), new Random(8));
    }

    @Test
    void fewerThanOldThresholdDealersFailsCleanly() {
        DkgFixtures.Fresh old = oldGroup(5, 3, 37);
        // only 2 of the old group remain (old threshold 3); 3 joiners
        Reshare r = reshare(old, List.of(1, 3), 3, 3, 38);
        r.harness().run();
        for (DkgSession s : r.harness().sessions.values()) {
            DkgFailure failure = (DkgFailure) s.outcome().orElseThrow();
            assertThat(failure.kind()).isEqualTo(DkgFailure.Kind.NOT_ENOUGH_DEALERS);
            assertThat(failure.message()).isEqualTo("dkg: valid dealers 2 (expected >= 3)");
            assertThat(failure.excluded()).containsOnlyKeys(0, 2, 4);
        }
    }

    @Test
    void dealerWhoseCommitmentDoesNotMatchItsOldShareIsNotUsed() {
        DkgFixtures.Fresh old = oldGroup(5, 3, 39);
        Reshare r = reshare(old, List.of(0, 1, 2, 3, 4), 0, 3, 40);
        int cheat = r.newIndexOfOld().get(2);
        // the cheater reshares a random secret instead of its share: a self-consistent deal that
        // fails the check against the old public polynomial
        DkgSession honest = r.harness().sessions.get(cheat);
        DkgConfig c = honest.config();
        r.harness().sessions.put(cheat, DkgSession.create(new DkgConfig(c.scheme(), c.backend(), c.longterm(),
                c.newNodes(), c.threshold(), c.sessionId(), c.oldNodes(), c.oldCommits(), Scalar.of(12345)),
                new FixedRandom(41)));
        r.harness().run();
        List<DkgResult> results = r.harness().honestResults(java.util.Set.of(cheat));
        assertThat(assertSameGroup(results)).isEqualTo(old.harness().result(0).groupKey());
        assertThat(results.get(0).excluded()).containsOnlyKeys(2);
        assertSignsBeacon(SCHEME, results, 3, results.get(0).groupKey(), new Random(9));
    }
}
