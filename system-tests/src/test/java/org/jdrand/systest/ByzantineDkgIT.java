package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Byzantine member sends bad DKG packets during a real DKG. Four {@code jdrand start}
 * processes of the jar and one {@link DkgMemberNode} in {@code attack} mode: a member with its
 * real key that takes part genuinely but, the moment it deals (before its genuine deal leaves),
 * sends each honest member a deal with a broken signature, a deal and a response claiming
 * another member's index and a deal whose commitments are not points, then a DKG packet with no
 * bundle, a 5 MiB deal, a deal for an unknown beacon ID, an accept with a forged signature, an
 * abort claiming the leader's address and an accept for an unknown beacon ID
 * ({@link DkgMemberNode.Attack}). Every honest node completes the ceremony as a group of 5 (the
 * member's genuine packets count, its forgeries do not), refuses each bad packet with a reason
 * (the sender's gRPC status), logs it ({@code dkg packet refused}, {@code dkg bundle REJECTED})
 * or counts it ({@code grpc_oversized_message_total}), none crashes, and the chain is whole.
 */
@org.junit.jupiter.api.Tag("faults")
class ByzantineDkgIT {
    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void badDkgPacketsFromAMemberAreRefusedAndTheCeremonyCompletes() throws Exception {
        try (Cluster c = new Cluster(dir, 4)) {
            DkgMemberNode.Run run = DkgMemberNode.ceremony(c, dir, "attack");
            try {
                Jar.ok(run.execute(), "dkg execute");
                assertThat(run.execute().out()).as(run.execute().all()).contains("group of 5 nodes, threshold 3");

                int attacks = DkgMemberNode.Attack.values().length;
                Path answers = run.out().resolve(DkgMemberNode.ATTACKS);
                Awaitility.await("every attack answered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> Files.exists(answers) && Files.readAllLines(answers).size() == attacks * 4);
                List<String> lines = Files.readAllLines(answers);
                for (NodeProcess n : c.nodes) {
                    for (DkgMemberNode.Attack a : DkgMemberNode.Attack.values()) {
                        String answer = lines.stream().filter(l -> l.startsWith(a + " " + n.address() + " ")).findFirst()
                                .orElseThrow().substring((a + " " + n.address() + " ").length());
                        switch (a) {
                            // decoded, then judged by the running ceremony: refused there (logged below)
                            case DEAL_WITH_A_BROKEN_SIGNATURE, DEAL_CLAIMING_ANOTHER_DEALER,
                                    RESPONSE_CLAIMING_ANOTHER_MEMBER, MALFORMED_DEAL -> assertThat(answer).as(a + " to " + n.name)
                                    .isEqualTo("OK");
                            case OVERSIZED_DEAL -> assertThat(answer).as(a + " to " + n.name)
                                    .startsWith("RESOURCE_EXHAUSTED");
                            case EMPTY_PACKET -> assertThat(answer).as(a + " to " + n.name)
                                    .startsWith("INVALID_ARGUMENT").contains("no bundle");
                            case DEAL_FOR_UNKNOWN_BEACON, ACCEPT_FOR_UNKNOWN_BEACON -> assertThat(answer)
                                    .as(a + " to " + n.name).startsWith("INVALID_ARGUMENT")
                                    .contains(DkgMemberNode.BAD_BEACON_ID);
                            case FORGED_ACCEPT_SIGNATURE, ABORT_CLAIMING_THE_LEADER -> assertThat(answer)
                                    .as(a + " to " + n.name).startsWith("INVALID_ARGUMENT").contains("bad signature");
                        }
                    }
                    String log = n.logText();
                    // the four bundles judged by the ceremony, each refused by name
                    assertThat(count(log, "dkg bundle REJECTED")).as(n.name + " ceremony refusals:\n" + log)
                            .isGreaterThanOrEqualTo(4);
                    // empty packet, unknown beacon (deal and accept), forged accept, abort in the leader's name
                    assertThat(count(log, "dkg packet refused")).as(n.name + " packet refusals:\n" + log)
                            .isGreaterThanOrEqualTo(5);
                    assertThat(n.metricsText()).as(n.name + " oversized DKG packet counted")
                            .containsPattern("grpc_oversized_message_total\\{[^}]*BroadcastDKG[^}]*\\} [1-9]");
                    assertThat(log).as(n.name + " ceremony state").doesNotContain("dkg aborted");
                }

                c.awaitChain();
                long head = c.maxHead(c.nodes);
                c.awaitHead(c.nodes, head + 3);
                c.assertAllAlive(c.nodes);
                assertThat(run.process().isAlive()).as("member alive: " + run.log()).isTrue();
                Cluster.Verdict v = c.checkChains(c.nodes);
                System.out.printf("RELIABILITY byzantine-dkg attacks=%d refused=%d head=%d lost=%d forks=%d crashes=0%n",
                        attacks * 4, attacks * 4, v.head(), v.roundsLost(), v.forks());
            } finally {
                run.stop();
            }
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
