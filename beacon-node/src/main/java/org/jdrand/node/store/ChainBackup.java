package org.jdrand.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A consistent copy of a live chain store as a SQLite file that {@link SqliteChainStore#open}
 * restores (drand's BackupDatabase). SQLite stores are copied with {@code VACUUM INTO}, which
 * reads one snapshot of the WAL database: never a torn copy of a file being appended to. Other
 * backends (PostgreSQL, memory) are copied round by round up to the head seen at the start into a
 * fresh SQLite store, then compacted the same way.
 *
 * <p>The output is created with the process umask (normally 0644): beacons are public data.
 */
public final class ChainBackup {
    private static final int PAGE = 1000;

    private ChainBackup() {}

    /**
     * Writes the chain of {@code store} (chain {@code info}) to {@code out}.
     *
     * @return the last round in the backup
     * @throws StoreException when {@code out} exists, its folder is missing, or the copy fails
     *     (a memory store whose ring no longer starts at round 1 cannot be backed up: a SQLite
     *     store is contiguous from genesis)
     */
    public static long write(ChainStore store, ChainInfo info, Path out) throws StoreException {
        Path target = out.toAbsolutePath();
        if (Files.exists(target)) {
            throw new StoreException("backup: " + target + " exists (refusing to overwrite)");
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StoreException("backup: folder " + parent + " does not exist");
        }
        if (store instanceof SqliteChainStore sqlite) {
            long last = sqlite.last().round();
            vacuumInto(sqlite.file(), target);
            return last;
        }
        Path tmp = parent.resolve("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            long last = store.last().round();
            SqliteChainStore copy = SqliteChainStore.open(tmp, info);
            try {
                for (long r = 1; r <= last; ) {
                    List<Beacon> page = store.range(r, (int) Math.min(PAGE, last - r + 1));
                    if (page.isEmpty()) {
                        throw new StoreException("backup: round " + r + " missing from the store (last " + last + ")");
                    }
                    copy.appendAll(page);
                    r = page.get(page.size() - 1).round() + 1;
                }
            } finally {
                copy.close();
            }
            vacuumInto(tmp, target);
            return last;
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(Path.of(tmp + suffix));
                } catch (IOException e) {
                    // best effort: a leftover partial file never carries the backup's name
                }
            }
        }
    }

    private static void vacuumInto(Path db, Path target) throws StoreException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StoreException("backup: " + db.getFileName() + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
