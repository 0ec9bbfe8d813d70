package org.jdrand.node.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdrand.node.key.TestGroups.coefficients;
import static org.jdrand.node.key.TestGroups.members;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;

class GroupTest {
    private static final Scheme S = Scheme.PEDERSEN_BLS_CHAINED;
    private final List<Group.Member> five = members(S, 5);
    private final List<Point> three = coefficients(S, 3);

    private Group group(List<Group.Member> nodes, int t, long transition, String id, List<Point> coefficients) {
        return new Group(nodes, t, Duration.ofSeconds(30), Duration.ofSeconds(1), 1_700_000_000L, transition, null, S,
                id, coefficients);
    }

    @Test
    void thresholdMustBeAMajorityAndAtMostN() {
        assertThat(group(five, 3, 0, "", three).threshold()).isEqualTo(3);
        assertThatThrownBy(() -> group(five, 2, 0, "", coefficients(S, 2)))
                .hasMessageContaining("threshold 2 (expected 3..5 for 5 nodes)");
        assertThatThrownBy(() -> group(five, 6, 0, "", coefficients(S, 6)))
                .hasMessageContaining("threshold 6 (expected 3..5 for 5 nodes)");
    }

    @Test
    void needsExactlyThresholdCoefficientsInTheKeyGroup() {
        assertThatThrownBy(() -> group(five, 3, 0, "", coefficients(S, 2)))
                .hasMessageContaining("2 public coefficients (expected threshold 3)");
        assertThatThrownBy(() -> group(five, 3, 0, "", coefficients(Scheme.BLS_UNCHAINED_G1_RFC9380, 3)))
                .hasMessageContaining("public coefficient 0 in G2 (expected G1)");
    }

    @Test
    void rejectsDuplicateIndicesAndAddresses() {
        List<Group.Member> dup = new ArrayList<>(five);
        dup.set(4, new Group.Member(3, five.get(4).identity()));
        assertThatThrownBy(() -> group(dup, 3, 0, "", three)).hasMessageContaining("node index 3 used twice");
        List<Group.Member> sameAddr = new ArrayList<>(five);
        sameAddr.set(4, new Group.Member(4, five.get(3).identity()));
        assertThatThrownBy(() -> group(sameAddr, 3, 0, "", three)).hasMessageContaining("used twice");
    }

    @Test
    void hashIgnoresTheOrderNodesAreGivenIn() {
        List<Group.Member> shuffled = new ArrayList<>(five);
        Collections.reverse(shuffled);
        assertThat(group(shuffled, 3, 0, "", three).hash()).isEqualTo(group(five, 3, 0, "", three).hash());
        assertThat(group(shuffled, 3, 0, "", three).nodes()).extracting(Group.Member::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void hashCoversEveryTermOfSpecSection7() {
        byte[] base = group(five, 3, 0, "", three).hash();
        assertThat(base).hasSize(32);
        // default beacon ID is not hashed; "" and "default" are the same group
        assertThat(group(five, 3, 0, "default", three).hash()).isEqualTo(base);
        assertThat(group(five, 3, 0, "quicknet", three).hash()).isNotEqualTo(base);
        assertThat(group(five, 3, 1_700_000_000L, "", three).hash()).isNotEqualTo(base);
        assertThat(group(five, 4, 0, "", coefficients(S, 4)).hash()).isNotEqualTo(base);
        assertThat(group(five, 3, 0, "", coefficients(S, 3)).hash()).isNotEqualTo(base);
        assertThat(group(five.subList(0, 4), 3, 0, "", three).hash()).isNotEqualTo(base);
        // period, catch-up period and scheme are not part of the group hash (as in drand)
        Group other = new Group(five, 3, Duration.ofSeconds(3), Duration.ZERO, 1_700_000_000L, 0, null, S, "", three);
        assertThat(other.hash()).isEqualTo(base);
    }

    @Test
    void genesisSeedDefaultsToTheGroupHashAndSurvivesReshare() {
        Group epoch1 = group(five, 3, 1_700_000_000L, "", three);
        assertThat(epoch1.genesisSeed()).isEqualTo(epoch1.hash());
        Group reshared = new Group(five.subList(0, 4), 3, Duration.ofSeconds(30), Duration.ofSeconds(1), 1_700_000_000L,
                1_700_100_000L, epoch1.genesisSeed(), S, "", three);
        assertThat(reshared.genesisSeed()).isEqualTo(epoch1.genesisSeed()).isNotEqualTo(reshared.hash());
        assertThat(reshared.chainInfo().hash()).isEqualTo(epoch1.chainInfo().hash());
    }

    @Test
    void chainInfoComesFromTheGroup() {
        Group g = group(five, 3, 0, "mychain", three);
        assertThat(g.chainInfo().publicKey()).isEqualTo(three.get(0).toBytes());
        assertThat(g.chainInfo().periodSeconds()).isEqualTo(30);
        assertThat(g.chainInfo().beaconId()).isEqualTo("mychain");
        assertThat(g.chainInfo().genesisSeed()).isEqualTo(g.genesisSeed());
    }

    @Test
    void periodMustBeWholePositiveSeconds() {
        assertThatThrownBy(() -> new Group(five, 3, Duration.ofMillis(1500), Duration.ZERO, 1, 0, null, S, "", three))
                .hasMessageContaining("period 1.5s (expected a positive whole number of seconds)");
        assertThatThrownBy(() -> new Group(five, 3, Duration.ZERO, Duration.ZERO, 1, 0, null, S, "", three))
                .hasMessageContaining("period 0s");
    }

    @Test
    void shareIndexLimitIsTheHighestIndexPlusOneWhenAReshareLeftAGap() {
        List<Group.Member> gap = new ArrayList<>(five.subList(0, 4));
        gap.set(3, new Group.Member(4, five.get(3).identity()));
        Group g = group(gap, 3, 0, "", three);
        assertThat(g.size()).isEqualTo(4);
        assertThat(g.shareIndexLimit()).isEqualTo(5);
        assertThat(group(five, 3, 0, "", three).shareIndexLimit()).isEqualTo(5);
    }

    @Test
    void membersAreFoundByAddressAndKey() {
        Group g = group(five, 3, 0, "", three);
        Group.Member third = g.nodes().get(2);
        assertThat(g.member(third.address())).contains(third);
        assertThat(third.address()).isEqualTo(third.identity().address());
        assertThat(g.memberWithKey(third.identity().key())).contains(third);
        assertThat(g.member("127.0.0.1:1")).isEmpty();
    }

    @Test
    void rejectsANodeOfAnotherScheme() {
        List<Group.Member> mixed = new ArrayList<>(five);
        mixed.set(4, members(Scheme.BLS_UNCHAINED_G1_RFC9380, 5).get(4));
        assertThatThrownBy(() -> group(mixed, 3, 0, "", three))
                .hasMessageContaining("node 4 scheme bls-unchained-g1-rfc9380 (expected pedersen-bls-chained)");
    }

    @Test
    void rejectsNoNodesAGenesisBeforeTheEpochAndANegativeCatchup() {
        assertThatThrownBy(() -> group(List.of(), 1, 0, "", coefficients(S, 1)))
                .hasMessageContaining("no nodes (expected at least 1)");
        assertThatThrownBy(() -> new Group(five, 3, Duration.ofSeconds(3), Duration.ZERO, 0, 0, null, S, "", three))
                .hasMessageContaining("genesis time 0 (expected Unix seconds > 0)");
        assertThatThrownBy(() -> new Group(five, 3, Duration.ofSeconds(3), Duration.ofSeconds(-1), 1, 0, null, S, "",
                three)).hasMessageContaining("catchup period is negative (expected >= 0)");
    }

    @Test
    void aGivenGenesisSeedMustBe32Bytes() {
        assertThatThrownBy(() -> new Group(five, 3, Duration.ofSeconds(3), Duration.ZERO, 1, 0, new byte[31], S, "",
                three)).hasMessageContaining("genesis seed of 31 bytes (expected 32)");
    }
}
