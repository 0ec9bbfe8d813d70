package org.jdrand.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A trimmed chain (round → signature) in a SQL table, shared by the SQLite and PostgreSQL
 * backends. Chained beacons get their previous signature back from round − 1.
 *
 * <p>Two connections: the single writer appends under {@code writeLock} and commits before
 * returning; readers use their own connection under {@code readLock}, so a slow fsync never
 * blocks HTTP or sync readers on the same lock. The head is cached in memory and only moved after
 * a commit, so a reader never sees a round that is not durable yet.
 */
abstract class JdbcChainStore implements ChainStore {

    /** The backend's SQL for one chain; round parameters are bound by position. */
    record Sql(String selectBetween, String insert, String deleteFrom, String selectLast, String upsert) {}

    private final String label;
    private final boolean chained;
    private final Sql sql;
    private final Connection writer;
    private final Connection reader;
    private final Object writeLock = new Object();
    private final Object readLock = new Object();
    private volatile Beacon last;
    private volatile boolean closed;
    /**
     * The writer's INSERT, prepared once and kept for the connection's life (guarded by
     * {@code writeLock}): preparing it per append cost a native prepare and the driver's SQL
     * parsing every round. Dropped after a failed write, whose driver may have finalised it
     * (sqlite-jdbc does on SQLITE_FULL), and prepared again by the next append.
     */
    private PreparedStatement insert;

    /**
     * @param writer a connection with auto-commit off, schema ready and genesis stored
     * @param reader a second connection to the same database (auto-commit on)
     */
    JdbcChainStore(String label, ChainInfo info, Sql sql, Connection writer, Connection reader) throws StoreException {
        this.label = label;
        this.chained = info.scheme().chained();
        this.sql = sql;
        this.writer = writer;
        this.reader = reader;
        synchronized (writeLock) {
            this.last = loadLast();
        }
    }

    @Override
    public final boolean append(Beacon beacon) throws StoreException {
        Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
        synchronized (writeLock) {
            ensureOpen();
            Beacon head = last;
            if (AppendRules.check(chained, head, b, this::readOne) == AppendRules.Decision.DUPLICATE) {
                return false;
            }
            try {
                PreparedStatement ps = insert();
                ps.setLong(1, b.round());
                ps.setBytes(2, b.signature());
                ps.executeUpdate();
                writer.commit();
            } catch (SQLException e) {
                dropInsert(e);
                rollbackQuietly(e);
                throw new StoreException(label + ": append round " + b.round() + ": " + describe(e), e);
            }
            last = b;
            return true;
        }
    }

    @Override
    public final void appendAll(List<Beacon> beacons) throws StoreException {
        synchronized (writeLock) {
            ensureOpen();
            List<Beacon> pending = new ArrayList<>(beacons.size());
            Beacon head = last;
            for (Beacon beacon : beacons) {
                Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
                List<Beacon> view = pending;
                AppendRules.Decision d = AppendRules.check(chained, head, b, r -> {
                    if (!view.isEmpty() && r >= view.get(0).round()) {
                        return Optional.of(view.get((int) (r - view.get(0).round())));
                    }
                    return readOne(r);
                });
                if (d == AppendRules.Decision.APPEND) {
                    pending.add(b);
                    head = b;
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            try {
                PreparedStatement ps = insert();
                for (Beacon b : pending) {
                    ps.setLong(1, b.round());
                    ps.setBytes(2, b.signature());
                    ps.addBatch();
                }
                ps.executeBatch();
                writer.commit();
            } catch (SQLException e) {
                dropInsert(e);
                rollbackQuietly(e);
                throw new StoreException(label + ": append rounds " + pending.get(0).round() + ".."
                        + head.round() + ": " + describe(e), e);
            }
            last = head;
        }
    }

    @Override
    public final Beacon last() throws StoreException {
        ensureOpen();
        return last;
    }

    @Override
    public final Optional<Beacon> get(long round) throws StoreException {
        if (round < 0 || round > last.round()) {
            return Optional.empty();
        }
        return readOne(round);
    }

    @Override
    public final List<Beacon> range(long fromRound, int max) throws StoreException {
        if (fromRound < 0 || max < 0) {
            throw new IllegalArgumentException("range: from " + fromRound + ", max " + max + " (expected >= 0)");
        }
        long head = last.round();
        if (max == 0 || fromRound > head) {
            return List.of();
        }
        long to = Math.min(head, fromRound + max - 1);
        synchronized (readLock) {
            ensureOpen();
            return select(reader, fromRound, to);
        }
    }

    /** Number of stored beacons: the chain is contiguous from genesis, so last + 1. */
    @Override
    public final long size() throws StoreException {
        ensureOpen();
        return last.round() + 1;
    }

    @Override
    public final void deleteFrom(long fromRound) throws StoreException {
        if (fromRound < 1) {
            throw new StoreException(label + ": delete from round " + fromRound + " (expected >= 1, genesis is never deleted)");
        }
        synchronized (writeLock) {
            ensureOpen();
            try (PreparedStatement ps = writer.prepareStatement(sql.deleteFrom())) {
                ps.setLong(1, fromRound);
                ps.executeUpdate();
                writer.commit();
            } catch (SQLException e) {
                rollbackQuietly(e);
                throw new StoreException(label + ": delete from round " + fromRound + ": " + e.getMessage(), e);
            }
            last = loadLast();
        }
    }

    @Override
    public final void repair(Beacon beacon) throws StoreException {
        Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
        synchronized (writeLock) {
            ensureOpen();
            long head = last.round();
            if (b.round() < 1 || b.round() > head + 1) {
                throw new StoreException(label + ": repair round " + b.round() + " (expected 1.." + (head + 1) + ")");
            }
            try (PreparedStatement ps = writer.prepareStatement(sql.upsert())) {
                ps.setLong(1, b.round());
                ps.setBytes(2, b.signature());
                ps.executeUpdate();
                writer.commit();
            } catch (SQLException e) {
                rollbackQuietly(e);
                throw new StoreException(label + ": repair round " + b.round() + ": " + describe(e), e);
            }
            if (b.round() >= head) {
                last = loadLast();
            }
        }
    }

    @Override
    public void close() throws StoreException {
        synchronized (writeLock) {
            synchronized (readLock) {
                if (closed) {
                    return;
                }
                closed = true;
                insert = null; // closed with the writer
                try {
                    reader.close();
                    writer.close();
                } catch (SQLException e) {
                    throw new StoreException(label + ": close: " + e.getMessage(), e);
                }
            }
        }
    }

    /** The writer's INSERT (under the write lock). */
    private PreparedStatement insert() throws SQLException {
        if (insert == null) {
            insert = writer.prepareStatement(sql.insert());
        }
        return insert;
    }

    /** Forgets the INSERT after a failed write: the next append prepares a fresh one. */
    private void dropInsert(SQLException cause) {
        PreparedStatement ps = insert;
        insert = null;
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Reads through the reader connection, which sees exactly the committed chain. */
    private Optional<Beacon> readOne(long round) throws StoreException {
        synchronized (readLock) {
            ensureOpen();
            List<Beacon> one = select(reader, round, round);
            return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
        }
    }

    /** Beacons from..to (inclusive) present in the table, with prev rebuilt on chained chains. */
    private List<Beacon> select(Connection c, long from, long to) throws StoreException {
        long lo = chained && from > 0 ? from - 1 : from;
        List<Beacon> out = new ArrayList<>((int) Math.min(to - from + 1, 10_000));
        try (PreparedStatement ps = c.prepareStatement(sql.selectBetween())) {
            ps.setLong(1, lo);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                long prevRound = -1;
                byte[] prevSig = null;
                while (rs.next()) {
                    long round = rs.getLong(1);
                    byte[] sig = rs.getBytes(2);
                    if (round >= from) {
                        byte[] prev = null;
                        if (chained && round > 0) {
                            if (prevRound != round - 1) {
                                throw new StoreException(label + ": round " + round + ": previous round " + (round - 1)
                                        + " missing (store corrupt)");
                            }
                            prev = prevSig;
                        }
                        out.add(new Beacon(round, sig, prev));
                    }
                    prevRound = round;
                    prevSig = sig;
                }
            }
        } catch (SQLException e) {
            throw new StoreException(label + ": read rounds " + from + ".." + to + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Reads the committed head (called under the write lock, so it cannot move meanwhile). */
    private Beacon loadLast() throws StoreException {
        long head;
        synchronized (readLock) {
            try (PreparedStatement ps = reader.prepareStatement(sql.selectLast());
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    throw new StoreException(label + ": no genesis beacon (store not initialised)");
                }
                head = rs.getLong(1);
            } catch (SQLException e) {
                throw new StoreException(label + ": read last round: " + e.getMessage(), e);
            }
        }
        return readOne(head).orElseThrow(() -> new StoreException(label + ": last round " + head + " vanished"));
    }

    /**
     * After a failed write: roll back, make sure the writer is in a transaction again, and take the
     * head from what is committed. SQLite rolls a transaction back by itself on SQLITE_FULL (a full
     * disk); the driver's rollback then fails before it opens the next transaction, every later
     * statement committed on its own, and a failed commit could leave rows committed behind the
     * cached head (found by system-tests' DiskFullIT: the node never appended again once space
     * returned). Toggling auto-commit opens a fresh transaction whatever state it was left in.
     */
    private void rollbackQuietly(SQLException cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            writer.setAutoCommit(false);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            last = loadLast();
        } catch (StoreException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen() throws StoreException {
        if (closed) {
            throw new StoreException(label + ": closed");
        }
    }

    /**
     * The driver's message, led by "no space left on device" when the disk is full (SQLite's
     * SQLITE_FULL, PostgreSQL's SQLSTATE 53100): what the operator must fix, in the words of the OS.
     */
    static String describe(SQLException e) {
        String m = String.valueOf(e.getMessage());
        boolean full = m.contains("SQLITE_FULL") || "53100".equals(e.getSQLState())
                || m.toLowerCase(java.util.Locale.ROOT).contains("no space left on device");
        return full && !m.startsWith(NO_SPACE) ? NO_SPACE + " (" + m + ")" : m;
    }

    private static final String NO_SPACE = "no space left on device";

    /** Compares a stored identity value with the expected one; used by the backends on reopen. */
    static void requireSame(String label, String what, String stored, String expected) throws StoreException {
        if (!expected.equals(stored)) {
            throw new StoreException(label + ": " + what + " " + shorten(stored) + " (expected " + shorten(expected)
                    + "): the database belongs to another chain");
        }
    }

    private static String shorten(String s) {
        if (s == null) {
            return "none";
        }
        return s.matches("[0-9a-f]{9,}") ? Hex.shortHex(Hex.decode(s)) : s;
    }
}
