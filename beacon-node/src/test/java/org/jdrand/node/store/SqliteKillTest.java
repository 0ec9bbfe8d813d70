package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdrand.crypto.chain.Beacon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL in the middle of a sync reopens a consistent store: contiguous from
 * genesis, every round it reported durable still there, the last beacon intact.
 */
class SqliteKillTest {

    @TempDir
    Path dir;

    @Test
    void storeSurvivesSigkillMidSync() throws Exception {
        Path file = dir.resolve("chain.sqlite");
        FakeChain chain = FakeChain.chained(SqliteSyncChild.BEACON_ID);
        long previousLast = 0;
        for (int run = 0; run < 3; run++) {
            long reported = runAndKill(file, previousLast + 700);
            try (SqliteChainStore store = SqliteChainStore.open(file, chain.info())) {
                Beacon last = store.last();
                // everything appendAll returned for is durable; an interrupted batch is all or nothing
                assertThat(last.round()).isGreaterThanOrEqualTo(reported);
                assertThat((last.round() - reported) % 50).isZero();
                assertThat(last).isEqualTo(chain.beacon(last.round()));
                assertThat(store.size()).isEqualTo(last.round() + 1);
                for (long from = 0; from <= last.round(); from += 1000) {
                    List<Beacon> part = store.range(from, 1000);
                    assertThat(part).containsExactlyElementsOf(
                            chain.beacons(from, Math.min(last.round(), from + 999)));
                }
                previousLast = last.round();
            }
        }
    }

    /** Starts the child, waits until it reported at least {@code atLeast}, kills it with SIGKILL. */
    private long runAndKill(Path file, long atLeast) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SqliteSyncChild.class.getName(), file.toString(), "50")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicLong reported = new AtomicLong(-1);
        Thread readerThread = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("stored ")) {
                        reported.set(Long.parseLong(line.substring(7)));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child died: the stream ends
            }
        });
        readerThread.setDaemon(true);
        readerThread.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> reported.get() >= atLeast || !child.isAlive());
            assertThat(child.isAlive()).as("child still syncing").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        readerThread.join(10_000);
        return reported.get();
    }
}
