package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of each store backend restore, through the SQLite store, to the same chain. */
class ChainBackupTest {
    @TempDir
    Path dir;

    private final FakeChain chain = FakeChain.chained("default");

    private void assertRestoresTo(Path copy, ChainStore source, long last) throws Exception {
        try (SqliteChainStore restored = SqliteChainStore.open(copy, chain.info())) {
            assertThat(restored.last().round()).isEqualTo(last);
            assertThat(restored.range(0, (int) last + 10)).isEqualTo(source.range(0, (int) last + 1));
        }
    }

    @Test
    void sqliteBackupWhileAppendingIsAConsistentPrefix() throws Exception {
        try (SqliteChainStore live = SqliteChainStore.open(dir.resolve("live.sqlite"), chain.info())) {
            live.appendAll(chain.beacons(1, 300));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (long r = 301; r <= 600; r++) {
                        live.append(chain.beacon(r));
                    }
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            Path copy = dir.resolve("copy.sqlite");
            long last = ChainBackup.write(live, chain.info(), copy);
            writer.get(60, TimeUnit.SECONDS);
            assertThat(last).isGreaterThanOrEqualTo(300);
            try (SqliteChainStore restored = SqliteChainStore.open(copy, chain.info())) {
                long got = restored.last().round();
                assertThat(got).isBetween(last, 600L);
                assertThat(restored.range(0, 1000)).isEqualTo(live.range(0, (int) got + 1));
            }
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.startsWith("live.sqlite") || n.equals("copy.sqlite"));
        }
    }

    @Test
    void memoryBackupRestoresAndRefusesToOverwrite() throws Exception {
        MemoryChainStore mem = new MemoryChainStore(chain.info(), 5000);
        mem.appendAll(chain.beacons(1, 2500));
        Path copy = dir.resolve("mem.sqlite");
        assertThat(ChainBackup.write(mem, chain.info(), copy)).isEqualTo(2500);
        assertRestoresTo(copy, mem, 2500);
        long size = Files.size(copy);
        assertThatThrownBy(() -> ChainBackup.write(mem, chain.info(), copy)).isInstanceOf(StoreException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.size(copy)).isEqualTo(size);
        assertThatThrownBy(() -> ChainBackup.write(mem, chain.info(), dir.resolve("no/such/dir.sqlite")))
                .isInstanceOf(StoreException.class).hasMessageContaining("does not exist");
        assertThat(Files.list(dir)).hasSize(1); // no partial file left behind
    }

    @Test
    void memoryStoreThatNoLongerHoldsRoundOneCannotBeBackedUp() throws Exception {
        MemoryChainStore mem = new MemoryChainStore(chain.info(), 10);
        mem.appendAll(chain.beacons(1, 30));
        Path copy = dir.resolve("mem.sqlite");
        assertThatThrownBy(() -> ChainBackup.write(mem, chain.info(), copy)).isInstanceOf(StoreException.class)
                .hasMessageContaining("evicted");
        assertThat(copy).doesNotExist();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void postgresBackupRestoresWhenAServerIsGiven() throws Exception {
        String url = System.getenv("PG_JDBC_URL");
        assumeTrue(url != null && !url.isBlank(), "PG_JDBC_URL not set: no PostgreSQL server");
        PostgresConfig config = new PostgresConfig(url, env("PG_USER"), env("PG_PASSWORD"));
        FakeChain pg = FakeChain.chained("backup-" + System.nanoTime());
        try (ChainStore store = PostgresChainStore.open(config, pg.info())) {
            store.appendAll(pg.beacons(1, 1200));
            Path copy = dir.resolve("pg.sqlite");
            assertThat(ChainBackup.write(store, pg.info(), copy)).isEqualTo(1200);
            try (SqliteChainStore restored = SqliteChainStore.open(copy, pg.info())) {
                assertThat(restored.range(0, 2000)).isEqualTo(store.range(0, 1201));
            }
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }
}
