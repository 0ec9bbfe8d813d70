package org.jdrand.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * drand's memdb: a bounded ring of the last {@code capacity} beacons (min 10, default 2000),
 * for tests and relays. Nothing survives the process.
 *
 * <p>The genesis beacon (round 0) is always kept outside the ring, so {@code get(0)} works for
 * the life of the store. A round older than the ring ("evicted") is no longer known:
 * {@link #get} returns empty for it, {@link #range} starting there throws (a caller serving sync
 * must not silently skip rounds), and {@link #deleteFrom} cannot go below the oldest retained
 * round. {@link #oldestRetainedRound()} tells callers where the window starts.
 *
 * <p>A relay that does not follow from genesis is created with {@link #seeded}: the ring starts
 * at the given beacon (drand seeds memdb with the current beacon from peers).
 *
 * <p>Thread-safety: all methods are synchronized (one writer, readers from any thread).
 */
public final class MemoryChainStore implements ChainStore {
    public static final int MIN_CAPACITY = 10;
    public static final int DEFAULT_CAPACITY = 2000;

    private final boolean chained;
    private final Beacon genesis;
    private final Beacon[] ring;
    /** Rounds firstRound..lastRound are in the ring; the ring is empty when firstRound > lastRound. */
    private long firstRound;
    private long lastRound;
    private boolean closed;

    /** A store holding only the genesis beacon of {@code info}. */
    public MemoryChainStore(ChainInfo info, int capacity) {
        this(info, capacity, null);
    }

    public MemoryChainStore(ChainInfo info) {
        this(info, DEFAULT_CAPACITY, null);
    }

    /**
     * A store whose ring starts at {@code current} (a verified beacon fetched from peers), for
     * relays that do not need the history; appends continue at current.round + 1.
     */
    public static MemoryChainStore seeded(ChainInfo info, Beacon current, int capacity) {
        Objects.requireNonNull(current, "current");
        return new MemoryChainStore(info, capacity, current);
    }

    private MemoryChainStore(ChainInfo info, int capacity, Beacon seed) {
        Objects.requireNonNull(info, "info");
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("memory store: capacity " + capacity + " (expected >= " + MIN_CAPACITY + ")");
        }
        this.chained = info.scheme().chained();
        this.genesis = Beacon.genesis(info.genesisSeed());
        this.ring = new Beacon[capacity];
        if (seed == null || seed.round() == 0) {
            firstRound = 1;
            lastRound = 0;
        } else {
            Beacon s = AppendRules.normalise(chained, seed);
            ring[slot(s.round())] = s;
            firstRound = s.round();
            lastRound = s.round();
        }
    }

    @Override
    public synchronized boolean append(Beacon beacon) throws StoreException {
        ensureOpen();
        Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
        if (AppendRules.check(chained, lastLocked(), b, this::getLocked) == AppendRules.Decision.DUPLICATE) {
            return false;
        }
        put(b);
        return true;
    }

    @Override
    public synchronized void appendAll(List<Beacon> beacons) throws StoreException {
        ensureOpen();
        // check the whole batch against a simulated head first: all or nothing
        List<Beacon> toAppend = new ArrayList<>(beacons.size());
        Beacon last = lastLocked();
        for (Beacon beacon : beacons) {
            Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
            final Beacon head = last;
            final List<Beacon> pending = toAppend;
            AppendRules.Decision d = AppendRules.check(chained, head, b, r -> {
                for (Beacon p : pending) {
                    if (p.round() == r) {
                        return Optional.of(p);
                    }
                }
                return getLocked(r);
            });
            if (d == AppendRules.Decision.APPEND) {
                toAppend.add(b);
                last = b;
            }
        }
        for (Beacon b : toAppend) {
            put(b);
        }
    }

    @Override
    public synchronized Beacon last() throws StoreException {
        ensureOpen();
        return lastLocked();
    }

    @Override
    public synchronized Optional<Beacon> get(long round) throws StoreException {
        ensureOpen();
        return getLocked(round);
    }

    @Override
    public synchronized List<Beacon> range(long fromRound, int max) throws StoreException {
        ensureOpen();
        if (fromRound < 0 || max < 0) {
            throw new IllegalArgumentException("range: from " + fromRound + ", max " + max + " (expected >= 0)");
        }
        List<Beacon> out = new ArrayList<>(Math.min(max, ring.length + 1));
        long r = fromRound;
        if (r == 0 && max > 0) {
            out.add(genesis);
            r = 1;
            if (firstRound > 1) {
                return out; // round 1 evicted: the contiguous run ends at genesis
            }
        } else if (r < firstRound && r <= lastRound) {
            throw new StoreException("range: round " + r + " evicted from the memory store (oldest retained "
                    + firstRound + ")");
        }
        for (; out.size() < max && r <= lastRound; r++) {
            out.add(ring[slot(r)]);
        }
        return out;
    }

    @Override
    public synchronized long size() throws StoreException {
        ensureOpen();
        return 1 + (lastRound - firstRound + 1);
    }

    @Override
    public synchronized void deleteFrom(long fromRound) throws StoreException {
        ensureOpen();
        if (fromRound < 1) {
            throw new StoreException("delete: round " + fromRound + " (expected >= 1, genesis is never deleted)");
        }
        if (fromRound > lastRound) {
            return;
        }
        if (fromRound - 1 >= 1 && fromRound - 1 < firstRound) {
            throw new StoreException("delete: round " + (fromRound - 1) + " would become last but is evicted (oldest retained "
                    + firstRound + ")");
        }
        for (long r = Math.max(fromRound, firstRound); r <= lastRound; r++) {
            ring[slot(r)] = null;
        }
        lastRound = fromRound - 1;
        if (lastRound < firstRound) {
            firstRound = 1;
            lastRound = 0;
        }
    }

    @Override
    public synchronized void repair(Beacon beacon) throws StoreException {
        ensureOpen();
        Beacon b = AppendRules.normalise(chained, Objects.requireNonNull(beacon, "beacon"));
        long r = b.round();
        if (r < 1 || r > lastRound + 1) {
            throw new StoreException("repair: round " + r + " (expected 1.." + (lastRound + 1) + ")");
        }
        if (r < firstRound && r <= lastRound) {
            throw new StoreException("repair: round " + r + " evicted from the memory store (oldest retained "
                    + firstRound + ")");
        }
        // as in the trimmed SQL stores: prev of r is the signature of r - 1, and r + 1 now links to b
        if (chained) {
            byte[] prev = r == 1 ? genesis.signature()
                    : r - 1 >= firstRound && r - 1 <= lastRound ? ring[slot(r - 1)].signature()
                    : ring[slot(r)].previousSignature();
            b = new Beacon(r, b.signature(), prev);
        }
        if (r == lastRound + 1) {
            put(b);
            return;
        }
        ring[slot(r)] = b;
        if (chained && r < lastRound) {
            Beacon next = ring[slot(r + 1)];
            ring[slot(r + 1)] = new Beacon(next.round(), next.signature(), b.signature());
        }
    }

    /** The oldest round still in the ring (genesis aside); last + 1 when the ring is empty. */
    public synchronized long oldestRetainedRound() {
        return lastRound < firstRound ? lastRound + 1 : firstRound;
    }

    public int capacity() {
        return ring.length;
    }

    /**
     * Starts the ring of a store that holds only genesis at {@code current} (a beacon fetched
     * from peers and verified by the caller), as {@link #seeded} does: a memdb node restarted on
     * a long chain keeps the last {@code capacity} rounds instead of syncing from round 1 (which
     * peers with a memdb no longer have).
     *
     * @throws StoreException when the store already holds rounds after genesis
     */
    public synchronized void seed(Beacon current) throws StoreException {
        ensureOpen();
        Objects.requireNonNull(current, "current");
        if (lastRound >= firstRound) {
            throw new StoreException("memory store: seed round " + current.round() + " (expected an empty store, last "
                    + lastRound + ")");
        }
        if (current.round() == 0) {
            return;
        }
        Beacon s = AppendRules.normalise(chained, current);
        ring[slot(s.round())] = s;
        firstRound = s.round();
        lastRound = s.round();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void put(Beacon b) {
        ring[slot(b.round())] = b;
        if (lastRound < firstRound) {
            firstRound = b.round();
        }
        lastRound = b.round();
        if (lastRound - firstRound + 1 > ring.length) {
            firstRound = lastRound - ring.length + 1;
        }
    }

    private Beacon lastLocked() {
        return lastRound < firstRound ? genesis : ring[slot(lastRound)];
    }

    private Optional<Beacon> getLocked(long round) {
        if (round == 0) {
            return Optional.of(genesis);
        }
        if (round < firstRound || round > lastRound) {
            return Optional.empty();
        }
        return Optional.of(ring[slot(round)]);
    }

    private int slot(long round) {
        return (int) Math.floorMod(round, (long) ring.length);
    }

    private void ensureOpen() throws StoreException {
        if (closed) {
            throw new StoreException("memory store: closed");
        }
    }
}
