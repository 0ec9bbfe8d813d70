package org.jdrand.node.metrics;

import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.PostgresChainStore;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.SqliteChainStore;

/**
 * What the per-beacon gauges read at scrape time.
 *
 * @param dbType label of drand_node_db: "sqlite", "postgres" or "memdb"
 * @param dbCode value of drand_node_db in drand's numbering: 1 (bolt-trimmed; our SQLite store is
 *               the trimmed embedded store in its place), 2 postgres, 3 memdb; 0 for any other store
 * @param callbacks consumers of new beacons registered on the engine (drand's sync_total_callbacks/_jobs)
 */
public record BeaconStats(String beaconId, int groupSize, int threshold, long lastRound, String dbType, int dbCode,
        int callbacks) {

    public BeaconStats(String beaconId, int groupSize, int threshold, long lastRound, String dbType, int dbCode) {
        this(beaconId, groupSize, threshold, lastRound, dbType, dbCode, 0);
    }

    public static BeaconStats of(BeaconProcess p) {
        ChainStore store = p.store();
        String type;
        int code;
        if (store instanceof PostgresChainStore) {
            type = "postgres";
            code = 2;
        } else if (store instanceof MemoryChainStore) {
            type = "memdb";
            code = 3;
        } else if (store instanceof SqliteChainStore) {
            type = "sqlite";
            code = 1;
        } else {
            // a store drand has no number for (tests wrap stores)
            type = store.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            code = 0;
        }
        return new BeaconStats(p.id(), p.group().size(), p.group().threshold(), p.engine().lastRound(), type, code,
                p.engine().listenerCount());
    }
}
