package org.jdrand.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The embedded default store: one SQLite file per beacon ID, trimmed ({@code beacons(round,
 * signature)}), write-ahead log, plus a {@code meta} table naming the chain (chain hash, scheme,
 * beacon ID) so that a file cannot be reopened for another chain.
 *
 * <p><b>Durability.</b> {@code synchronous=FULL}: in WAL mode every commit fsyncs the log, so a
 * beacon is on stable storage when {@link #append} returns and may be served at once. With
 * {@code NORMAL} a commit only reaches the OS page cache and survives a process crash
 * (SIGKILL) but not an OS crash or power loss, which would un-store a beacon already sent to
 * clients and peers. The cost is one fsync per round (one per batch during sync), far below the
 * period.
 */
public final class SqliteChainStore extends JdbcChainStore {
    private static final String FORMAT = "jdrand-trimmed-1";
    private static final JdbcChainStore.Sql SQL = new JdbcChainStore.Sql(
            "SELECT round, signature FROM beacons WHERE round BETWEEN ? AND ? ORDER BY round",
            "INSERT INTO beacons(round, signature) VALUES (?, ?)",
            "DELETE FROM beacons WHERE round >= ?",
            "SELECT MAX(round) FROM beacons",
            "INSERT INTO beacons(round, signature) VALUES (?, ?) "
                    + "ON CONFLICT(round) DO UPDATE SET signature = excluded.signature");

    private final Path file;

    private SqliteChainStore(Path file, ChainInfo info, Connection writer, Connection reader) throws StoreException {
        super("sqlite store " + file.getFileName(), info, SQL, writer, reader);
        this.file = file;
    }

    /**
     * Opens (creating if needed) the store in {@code file} for the chain {@code info}. A new file
     * is seeded with the genesis beacon; an existing one must belong to the same chain and be
     * contiguous from genesis.
     */
    public static SqliteChainStore open(Path file, ChainInfo info) throws StoreException {
        String label = "sqlite store " + file;
        Connection writer = null;
        Connection reader = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // SQLite takes an empty file for a new database: a store truncated to nothing would be
            // silently re-seeded from genesis over the operator's file
            if (Files.exists(file) && Files.size(file) == 0) {
                throw new StoreException(label + ": empty file (a truncated chain store; expected the chain "
                        + Hex.shortHex(info.hash()) + " from genesis: restore it, or move it away to sync a new one)");
            }
            writer = connect(file);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
            }
            writer.setAutoCommit(false);
            initialise(label, writer, info);
            reader = connect(file);
            try (Statement st = reader.createStatement()) {
                st.execute("PRAGMA query_only=1");
            }
            return new SqliteChainStore(file, info, writer, reader);
        } catch (SQLException | IOException | StoreException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(label + ": open: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    private static Connection connect(Path file) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        // nothing here reads generated keys: without this the driver runs a second statement
        // (SELECT last_insert_rowid(), prepared anew) after every INSERT, i.e. every round
        p.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private static void initialise(String label, Connection c, ChainInfo info) throws SQLException, StoreException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS beacons (round INTEGER PRIMARY KEY, signature BLOB NOT NULL)");
        }
        Map<String, String> meta = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                meta.put(rs.getString(1), rs.getString(2));
            }
        }
        if (meta.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
                for (String[] kv : new String[][] {{"format", FORMAT}, {"chain_hash", info.hashHex()},
                        {"scheme", info.scheme().id()}, {"beacon_id", info.beaconId()}}) {
                    ps.setString(1, kv[0]);
                    ps.setString(2, kv[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO beacons(round, signature) VALUES (0, ?)")) {
                ps.setBytes(1, info.genesisSeed());
                ps.executeUpdate();
            }
            c.commit();
            return;
        }
        requireSame(label, "format", meta.get("format"), FORMAT);
        requireSame(label, "chain hash", meta.get("chain_hash"), info.hashHex());
        requireSame(label, "scheme", meta.get("scheme"), info.scheme().id());
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(round), "
                        + "(SELECT signature FROM beacons WHERE round = 0) FROM beacons")) {
            rs.next();
            long count = rs.getLong(1);
            long max = rs.getLong(2);
            byte[] genesis = rs.getBytes(3);
            if (genesis == null || !java.util.Arrays.equals(genesis, info.genesisSeed())) {
                throw new StoreException(label + ": genesis signature " + Hex.shortHex(genesis) + " (expected seed "
                        + Hex.shortHex(info.genesisSeed()) + ")");
            }
            if (count != max + 1) {
                throw new StoreException(label + ": " + count + " rounds stored up to round " + max
                        + " (expected contiguous rounds 0.." + max + ")");
            }
        }
        c.commit();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing: the original error is the one to report
            }
        }
    }
}
