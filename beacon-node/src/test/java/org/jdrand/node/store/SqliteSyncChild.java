package org.jdrand.node.store;

import java.nio.file.Path;

/**
 * Child process of {@link SqliteKillTest}: syncs a fake chain into a SQLite file in batches,
 * forever, printing "stored N" after each batch is durable, until it is killed.
 */
public final class SqliteSyncChild {
    static final String BEACON_ID = "kill-test";

    private SqliteSyncChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        FakeChain chain = FakeChain.chained(BEACON_ID);
        try (SqliteChainStore store = SqliteChainStore.open(file, chain.info())) {
            long next = store.last().round() + 1;
            while (true) {
                store.appendAll(chain.beacons(next, next + batch - 1));
                next += batch;
                System.out.println("stored " + (next - 1));
                System.out.flush();
            }
        }
    }
}
