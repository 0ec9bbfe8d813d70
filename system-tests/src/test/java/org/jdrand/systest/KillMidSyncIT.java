package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * n = 5, t = 3, period 1 s. A node left behind at the start while the 4 others hold more than
 * {@code sync.rounds} (default 10,000) rounds; restarted with its own command line it syncs them
 * from its peers, and is killed with SIGKILL in the middle of that sync ({@code sync.kills} times,
 * default 2, at random rounds), restarted again each time: it comes back, its store is consistent
 * and it catches up, with every round on every node.
 *
 * <p>10,000 rounds at 1 s are 2.8 hours; instead every daemon runs 10,000 s ahead with libfaketime
 * ({@link Faketime}) after the DKG, so that the 4 produce the missing rounds at the group's catch-up
 * pace (catch-up period 0) before the lagging node starts.
 */
@org.junit.jupiter.api.Tag("faults")
class KillMidSyncIT {
    @TempDir
    Path dir;

    private static Path store(NodeProcess n) {
        return n.folder.resolve("multibeacon/default/db/jdrand.sqlite");
    }

    /** The last round in the node's SQLite store, read-only beside the daemon (WAL); -1 before it exists. */
    private static long storedHead(NodeProcess n) {
        if (!java.nio.file.Files.exists(store(n))) {
            return -1;
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store(n) + "?open_mode=1");
                java.sql.ResultSet rs = db.createStatement().executeQuery("SELECT MAX(round) FROM beacons")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            return -1; // being created
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void killNineInTheMiddleOfATenThousandRoundSync() throws Exception {
        Optional<Path> lib = Faketime.library();
        Assumptions.assumeTrue(lib.isPresent(), "mid-sync kill scenario skipped: libfaketime not installed "
                + "(apt-get install faketime)");
        int rounds = Integer.getInteger("sync.rounds", 10_000);
        int kills = Integer.getInteger("sync.kills", 2);
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("mid-sync kill: " + rounds + " rounds, " + kills + " kills, seed " + seed);
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, 1, 20);
            NodeProcess behind = c.nodes.get(4);
            List<NodeProcess> others = c.nodes.subList(0, 4);
            behind.kill9();
            long behindAt = c.head(c.nodes.get(0));
            // the group's clock jumps ahead: the 4 produce the rounds they missed, one after the other
            long offsetSeconds = rounds + 30L;
            Map<String, String> ahead = Faketime.offset(lib.get(), offsetSeconds);
            for (NodeProcess n : c.nodes) {
                n.environment(ahead);
            }
            c.parallel(others, n -> {
                n.terminate();
                n.start();
            });
            Instant produceFrom = Instant.now();
            // until they reach the round their shifted clock names: their catch-up is over and the
            // chain grows by one round a second again, so the lagging node's sync has a fixed end
            Awaitility.await("the 4 produce " + rounds + " rounds").atMost(Duration.ofMinutes(15))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> c.maxHead(others) >= info.expectedRound(Instant.now().plusSeconds(offsetSeconds)) - 1);
            long produceSeconds = Duration.between(produceFrom, Instant.now()).toSeconds();
            long target = c.maxHead(others);
            c.assertAllAlive(others);

            // the lagging node syncs them: killed in the middle, restarted, each time
            StringBuilder killedAt = new StringBuilder();
            long syncFrom = Instant.now().toEpochMilli();
            for (int k = 0; k < kills; k++) {
                long from = Math.max(0, storedHead(behind)); // it is down: its store says where it stopped
                long at = from + 1 + random.nextInt((int) Math.max(1, (target - from) / 2));
                behind.launch();
                // its HTTP API may open after the sync is done: watch its store file instead (read-only)
                Awaitility.await(behind.name + " syncing past round " + at).atMost(Cluster.LONG)
                        .pollInterval(Duration.ofMillis(20)).until(() -> {
                            assertThat(behind.alive()).as(behind.name + " died: " + behind.logText()).isTrue();
                            return storedHead(behind) >= at;
                        });
                behind.kill9();
                long head = storedHead(behind);
                killedAt.append(head).append(k + 1 < kills ? "," : "");
                assertThat(head).as("killed in the middle of the sync (from %d, target %d)", from, target)
                        .isGreaterThan(from).isLessThan(target);
            }
            behind.start();
            c.awaitCaughtUp(behind, others);
            long syncMillis = Instant.now().toEpochMilli() - syncFrom;
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            assertThat(v.head()).isGreaterThanOrEqualTo(rounds);
            // nothing but the chain in its store: rounds 0..last, no gap
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store(behind) + "?open_mode=1");
                    java.sql.ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*), MAX(round) FROM beacons")) {
                rs.next();
                assertThat(rs.getLong(1)).as(behind.name + "'s store: rounds stored").isEqualTo(rs.getLong(2) + 1);
            }
            System.out.printf("RELIABILITY mid-sync-kill rounds=%d behind-at=%d produced-in=%ds killed-at=%s "
                    + "synced-in=%dms head=%d lost=%d forks=%d crashes=0%n", rounds, behindAt, produceSeconds, killedAt,
                    syncMillis, v.head(), v.roundsLost(), v.forks());
        }
    }
}
