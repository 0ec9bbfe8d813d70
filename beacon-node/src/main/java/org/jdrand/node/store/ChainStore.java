package org.jdrand.node.store;

import java.util.List;
import java.util.Optional;
import org.jdrand.crypto.chain.Beacon;

/**
 * The durable chain of one beacon ID: rounds 0 (genesis) .. last, no gaps. One contract, three
 * backends (SQLite, PostgreSQL, memory). Stores are "trimmed": they keep round → signature and
 * rebuild the previous signature of chained beacons from round − 1.
 *
 * <p>Thread-safety: a store is owned by one writer (the round engine or the sync manager acting
 * for it); reads may come from any thread.
 */
public interface ChainStore extends AutoCloseable {

    /**
     * Appends {@code beacon}, which must be round last + 1 and, on a chained chain, carry the
     * signature of round last as previous signature. Durable before this returns.
     *
     * @return true if stored, false if this exact beacon was already stored (benign)
     * @throws StoreException on a gap, a conflicting beacon for a stored round, a chain mismatch
     *     or an I/O failure; nothing is stored then
     */
    boolean append(Beacon beacon) throws StoreException;

    /**
     * Appends consecutive beacons in one transaction (sync). Same checks as {@link #append};
     * all or nothing.
     */
    void appendAll(List<Beacon> beacons) throws StoreException;

    /** The last stored beacon (the genesis beacon right after creation). */
    Beacon last() throws StoreException;

    /** The beacon of {@code round}, if stored. */
    Optional<Beacon> get(long round) throws StoreException;

    /**
     * Up to {@code max} consecutive beacons starting at {@code fromRound} (fewer at the head of
     * the chain), for sync streams and HTTP.
     */
    List<Beacon> range(long fromRound, int max) throws StoreException;

    /** Number of stored beacons, genesis included. */
    long size() throws StoreException;

    /**
     * Writes {@code beacon} at its round without the append checks (drand's StartCheckChain
     * writes re-fetched rounds "directly"): replaces the signature of a stored round 1 .. last,
     * fills a round missing below last, or extends the chain at last + 1. The caller verified the
     * beacon. Durable before this returns.
     *
     * @throws StoreException for round 0, a round past last + 1 (a gap), a round no longer
     *     retained, or an I/O failure
     */
    default void repair(Beacon beacon) throws StoreException {
        throw new StoreException("repair: not supported by " + getClass().getSimpleName());
    }

    /** Deletes {@code fromRound} .. last (operator repair, `util del-beacon`); never round 0. */
    void deleteFrom(long fromRound) throws StoreException;

    @Override
    void close() throws StoreException;
}
