package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between daemons: a group of 5 {@code jdrand start} processes, each serving a certificate of
 * the group's CA and trusting only that CA ({@code --tls-ca}), runs its DKG and chain over TLS.
 * Then n5 is replaced, on its address and with its real key and share, by a daemon serving a
 * certificate of an unknown CA and trusting only that CA. As in drand, TLS authenticates the
 * listener (there are no client certificates), so the refusal is both ways on the dialling side:
 * the honest nodes do not complete a handshake with it (their connection to its address stays in
 * transient failure, {@code outgoing_connection_state} 3, and {@code dial_failures{peer_address}}
 * counts it, while it listens there and the other peers are connected), and it completes none with
 * them, so none of its partials or sync requests reaches them (its log says so) and it stores no
 * new round. The 4 others go on, with no gap; once n5 is back with its own certificate it
 * catches up and the chain check passes on all 5.
 */
@org.junit.jupiter.api.Tag("faults")
class TlsGroupIT {
    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void daemonWithACertificateOfAnUnknownCaIsRefusedByTheGroup() throws Exception {
        TlsPeersIT.Pki group = TlsPeersIT.Pki.create(dir.resolve("group-ca"), "jdrand group CA");
        TlsPeersIT.Pki unknown = TlsPeersIT.Pki.create(dir.resolve("unknown-ca"), "some other CA");
        try (Cluster c = new Cluster(dir, 5, List.of(), List.of("--tls-ca", group.ca().toString()),
                List.of("--tls-cert", group.cert().toString(), "--tls-key", group.key().toString()), null)) {
            c.setUp(3, 2, 20);
            NodeProcess n5 = c.nodes.get(4);
            List<NodeProcess> honest = c.nodes.subList(0, 4);
            assertThat(n5.logText()).contains("listener=tls outgoing=tls(ca ca.pem)");
            c.awaitHead(c.nodes, 2);

            n5.terminate();
            NodeProcess impostor = new NodeProcess(n5, "n5-unknown-ca", List.of("--tls-ca", unknown.ca().toString(),
                    "--tls-cert", unknown.cert().toString(), "--tls-key", unknown.key().toString()));
            impostor.start();
            try {
                long from = c.maxHead(honest);
                c.awaitHead(honest, from + 5);
                // while it listens on n5's address, no honest node completes a handshake with it
                for (NodeProcess n : honest) {
                    Awaitility.await(n.name + " refuses the impostor's certificate").atMost(Cluster.LONG)
                            .pollInterval(Duration.ofSeconds(1)).until(() -> {
                                String m = n.metricsText();
                                return metric(m, "outgoing_connection_state", "remote_host", n5.address()) == 3
                                        && metric(m, "dial_failures", "peer_address", n5.address()) >= 1;
                            });
                }
                // its own side: every sync request to the group fails the handshake; it stores nothing new
                Awaitility.await("impostor refused by every peer").atMost(Cluster.LONG).pollInterval(Duration.ofSeconds(1))
                        .until(() -> impostor.logText().contains("sync failed with every peer"));
                assertThat(impostor.logText()).as("impostor's sync errors").containsPattern(
                        "sync from peer failed .*(UNAVAILABLE|handshake|certificate|PKIX)");
                long impostorHead = c.head(impostor);
                assertThat(impostorHead).as("impostor's head while the group is at " + c.maxHead(honest))
                        .isLessThan(from + 2);
                c.assertAllAlive(honest);
                assertThat(impostor.alive()).as("impostor alive: " + impostor.logText()).isTrue();
            } finally {
                impostor.terminate();
            }

            n5.start();
            c.awaitCaughtUp(n5, honest);
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            System.out.printf("RELIABILITY tls-unknown-ca head=%d lost=%d forks=%d crashes=0%n", v.head(),
                    v.roundsLost(), v.forks());
        }
    }

    /** The value of {@code name{label="value"}} in a Prometheus text (-1 when absent). */
    private static double metric(String text, String name, String label, String value) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:_total)?\\{[^}]*" + label + "=\"" + Pattern.quote(value)
                + "\"[^}]*\\} (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
