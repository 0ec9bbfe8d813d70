package org.jdrand.node.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * Which chain store backend a daemon uses, from drand's flags {@code --db bolt|postgres|memdb},
 * {@code --pg-dsn} and {@code --memdb-size}. "bolt" (drand's embedded default) and "sqlite" both
 * select the embedded SQLite store.
 *
 * @param kind       the backend
 * @param postgres   connection settings, for {@link Kind#POSTGRES} only
 * @param memorySize ring size, for {@link Kind#MEMORY} only
 */
public record StoreConfig(Kind kind, PostgresConfig postgres, int memorySize) {

    public enum Kind {
        SQLITE(1), POSTGRES(2), MEMORY(3);

        private final int metricValue;

        Kind(int metricValue) {
            this.metricValue = metricValue;
        }

        /** The value of drand's {@code drand_node_db} gauge (1 bolt-trimmed, 2 postgres, 3 memdb). */
        public int metricValue() {
            return metricValue;
        }
    }

    public StoreConfig {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.POSTGRES) {
            Objects.requireNonNull(postgres, "postgres");
        }
        if (kind == Kind.MEMORY && memorySize < MemoryChainStore.MIN_CAPACITY) {
            throw new IllegalArgumentException("store: --memdb-size " + memorySize + " (expected >= "
                    + MemoryChainStore.MIN_CAPACITY + ")");
        }
    }

    public static StoreConfig sqlite() {
        return new StoreConfig(Kind.SQLITE, null, 0);
    }

    /** From drand's flags; {@code pgDsn} null means drand's default DSN. */
    public static StoreConfig fromFlags(String db, String pgDsn, int memdbSize) {
        String d = db == null ? "bolt" : db.trim().toLowerCase(Locale.ROOT);
        return switch (d) {
            case "bolt", "sqlite", "" -> sqlite();
            case "postgres" -> new StoreConfig(Kind.POSTGRES,
                    PostgresConfig.fromDsn(pgDsn == null ? PostgresConfig.DEFAULT_DSN : pgDsn), 0);
            case "memdb" -> new StoreConfig(Kind.MEMORY, null, memdbSize);
            default -> throw new IllegalArgumentException("store: --db " + db + " (expected bolt, sqlite, postgres or memdb)");
        };
    }

    /**
     * Opens the store of one beacon ID.
     *
     * @param sqliteFile where the embedded store lives (see {@code KeyStore.chainDbFile()}); ignored otherwise
     */
    public ChainStore open(ChainInfo info, Path sqliteFile) throws StoreException {
        return switch (kind) {
            case SQLITE -> SqliteChainStore.open(Objects.requireNonNull(sqliteFile, "sqliteFile"), info);
            case POSTGRES -> PostgresChainStore.open(postgres, info);
            case MEMORY -> new MemoryChainStore(info, memorySize);
        };
    }
}
