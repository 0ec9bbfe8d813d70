package org.jdrand.node.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The server store ({@code --db postgres}), in drand's schema so both can share a database:
 * {@code beacons(id serial PK, name text unique)} names each beacon ID and
 * {@code beacon_details(beacon_id, round, signature)} holds the trimmed chain of every beacon ID.
 * jdrand adds {@code jdrand_chains(beacon_id, chain_hash, scheme)} so that a beacon ID cannot be
 * reopened for another chain.
 *
 * <p>Durability: the writer session runs with {@code synchronous_commit = on} (the server
 * default, set explicitly), so a commit returns only once its WAL record is flushed.
 */
public final class PostgresChainStore extends JdbcChainStore {
    /** Serialises schema creation when several beacon IDs open at once (CREATE IF NOT EXISTS races). */
    private static final long SCHEMA_LOCK = 0x6a6472616e64L; // "jdrand"

    private final String beaconId;

    private PostgresChainStore(ChainInfo info, JdbcChainStore.Sql sql, Connection writer, Connection reader)
            throws StoreException {
        super("postgres store " + info.beaconId(), info, sql, writer, reader);
        this.beaconId = info.beaconId();
    }

    /**
     * Opens the chain of {@code info.beaconId()} in the database of {@code config}, creating the
     * tables, the beacon row and the genesis beacon when missing.
     */
    public static PostgresChainStore open(PostgresConfig config, ChainInfo info) throws StoreException {
        String label = "postgres store " + info.beaconId();
        Connection writer = null;
        Connection reader = null;
        try {
            writer = connect(config);
            try (Statement st = writer.createStatement()) {
                st.execute("SET synchronous_commit = on");
            }
            writer.setAutoCommit(false);
            int id = initialise(label, writer, info);
            reader = connect(config);
            reader.setReadOnly(true);
            String scope = "beacon_id = " + id; // an int read from the database: safe to inline
            JdbcChainStore.Sql sql = new JdbcChainStore.Sql(
                    "SELECT round, signature FROM beacon_details WHERE " + scope + " AND round BETWEEN ? AND ? ORDER BY round",
                    "INSERT INTO beacon_details(beacon_id, round, signature) VALUES (" + id + ", ?, ?)",
                    "DELETE FROM beacon_details WHERE " + scope + " AND round >= ?",
                    "SELECT MAX(round) FROM beacon_details WHERE " + scope,
                    "INSERT INTO beacon_details(beacon_id, round, signature) VALUES (" + id + ", ?, ?) "
                            + "ON CONFLICT (beacon_id, round) DO UPDATE SET signature = EXCLUDED.signature");
            return new PostgresChainStore(info, sql, writer, reader);
        } catch (SQLException | StoreException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(label + ": open " + config + ": " + e.getMessage(), e);
        }
    }

    public String beaconId() {
        return beaconId;
    }

    private static Connection connect(PostgresConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("reWriteBatchedInserts", "true"); // one multi-row INSERT per sync batch
        p.setProperty("ApplicationName", "jdrand");
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    private static int initialise(String label, Connection c, ChainInfo info) throws SQLException, StoreException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS beacons (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            st.execute("CREATE TABLE IF NOT EXISTS beacon_details ("
                    + "beacon_id INTEGER NOT NULL REFERENCES beacons(id) ON DELETE CASCADE, "
                    + "round BIGINT NOT NULL, signature BYTEA NOT NULL, PRIMARY KEY (beacon_id, round))");
            st.execute("CREATE TABLE IF NOT EXISTS jdrand_chains ("
                    + "beacon_id INTEGER PRIMARY KEY REFERENCES beacons(id) ON DELETE CASCADE, "
                    + "chain_hash TEXT NOT NULL, scheme TEXT NOT NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO beacons(name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, info.beaconId());
            ps.executeUpdate();
        }
        int id;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM beacons WHERE name = ?")) {
            ps.setString(1, info.beaconId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        String storedHash = null;
        String storedScheme = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT chain_hash, scheme FROM jdrand_chains WHERE beacon_id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    storedHash = rs.getString(1);
                    storedScheme = rs.getString(2);
                }
            }
        }
        if (storedHash == null) {
            // new beacon ID, or one written by drand: adopt it (its genesis is checked below)
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jdrand_chains(beacon_id, chain_hash, scheme) VALUES (?, ?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, info.hashHex());
                ps.setString(3, info.scheme().id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO beacon_details(beacon_id, round, signature) "
                    + "VALUES (?, 0, ?) ON CONFLICT DO NOTHING")) {
                ps.setInt(1, id);
                ps.setBytes(2, info.genesisSeed());
                ps.executeUpdate();
            }
        } else {
            requireSame(label, "chain hash", storedHash, info.hashHex());
            requireSame(label, "scheme", storedScheme, info.scheme().id());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MAX(round), "
                + "(SELECT signature FROM beacon_details WHERE beacon_id = ? AND round = 0) "
                + "FROM beacon_details WHERE beacon_id = ?")) {
            ps.setInt(1, id);
            ps.setInt(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                long max = rs.getLong(2);
                byte[] genesis = rs.getBytes(3);
                if (genesis == null || !Arrays.equals(genesis, info.genesisSeed())) {
                    throw new StoreException(label + ": genesis signature " + Hex.shortHex(genesis) + " (expected seed "
                            + Hex.shortHex(info.genesisSeed()) + ")");
                }
                if (count != max + 1) {
                    throw new StoreException(label + ": " + count + " rounds stored up to round " + max
                            + " (expected contiguous rounds 0.." + max + ")");
                }
            }
        }
        c.commit();
        return id;
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
