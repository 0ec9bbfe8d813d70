package org.jdrand.node.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.engine.SyncTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync client (drand internal/chain/beacon/sync_manager.go): fetches rounds last + 1 .. target
 * from peers in random order, batch-verifies every beacon against the group key before it is
 * stored through the engine (the one owner of chain state), and moves to the next peer on any
 * error: a stream failure, a beacon that does not verify or does not chain, a gap, or silence.
 */
public final class SyncManager implements SyncTrigger, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncManager.class);
    /** drand's MaxSyncBuffer; the smallest batch we verify and store in one transaction. */
    public static final int MAX_BATCH = 500;
    /**
     * Beacons checked by one random linear combination: the two multi-scalar sums cost less per
     * beacon the larger it is (Pippenger; measured ~90 µs per beacon at 250, ~50 µs at 1000,
     * next to ~0.2-0.4 ms for the per-beacon decode, subgroup check and hash, which the
     * {@link VerifyPipeline} spreads over its workers).
     */
    static final int VERIFY_CHUNK = 1000;
    private static final Object END = new Object();
    /** Beacons taken from the stream's queue before asking the peer for as many more (a flow-control update). */
    private static final int REQUEST_STEP = 500;

    private final RoundEngine engine;
    /** Threads of the verification pool a sync opens (the cores). */
    private final int workers;
    /** Verified beacons stored in one transaction (one fsync). */
    private final int storeBatch;
    private final BeaconStreamSource source;
    private final List<String> peers;
    private final Random random;
    private final Duration idleTimeout;
    private final ExecutorService worker;
    private final List<SyncProgressListener> progress = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private long target; // guarded by lock; Long.MAX_VALUE = follow
    private boolean active; // guarded by lock
    private volatile boolean closed;

    /**
     * @param peers       other members' addresses (self excluded)
     * @param idleTimeout a peer silent this long (wall time) is dropped: drand uses 2 × period
     */
    public SyncManager(RoundEngine engine, BeaconStreamSource source, List<String> peers, Random random,
            Duration idleTimeout) {
        this(engine, source, peers, random, idleTimeout, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param workers threads of the verification pool each sync opens (and shuts down when it ends)
     */
    public SyncManager(RoundEngine engine, BeaconStreamSource source, List<String> peers, Random random,
            Duration idleTimeout, int workers) {
        this.workers = Math.max(1, workers);
        this.storeBatch = Math.max(MAX_BATCH, this.workers * VERIFY_CHUNK);
        this.engine = engine;
        this.source = source;
        this.peers = List.copyOf(peers);
        this.random = random;
        this.idleTimeout = idleTimeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdrand-sync-" + engine.beaconId());
            t.setDaemon(true);
            return t;
        });
    }

    public void addProgressListener(SyncProgressListener l) {
        progress.add(l);
    }

    /** Syncs up to {@code upTo} (0 = follow forever); raises the target of a running sync. Never blocks. */
    @Override
    public void requestSync(long upTo) {
        long t = upTo == 0 ? Long.MAX_VALUE : upTo;
        synchronized (lock) {
            if (closed || t <= engine.lastRound()) {
                return;
            }
            target = Math.max(target, t);
            if (active) {
                return;
            }
            active = true;
        }
        worker.execute(this::run);
    }

    public boolean isSyncing() {
        synchronized (lock) {
            return active;
        }
    }

    private long target() {
        synchronized (lock) {
            return target;
        }
    }

    private void run() {
        try {
            java.util.concurrent.atomic.AtomicReference<String> storeRefused = new java.util.concurrent.atomic.AtomicReference<>();
            for (int pass = 0; pass < 2 && !closed && engine.lastRound() < target() && storeRefused.get() == null; pass++) {
                try {
                    PeerFetch.first(PeerFetch.shuffled(peers, random), peer -> {
                        if (!closed && engine.lastRound() < target()) {
                            try {
                                syncFrom(peer);
                            } catch (StoreRefusedException e) {
                                // our own store failed (a full disk): no other peer can help until it is fixed
                                storeRefused.set(e.getMessage());
                                return Boolean.FALSE;
                            }
                        }
                        if (!closed && engine.lastRound() < target()) {
                            throw new SyncException("stopped at round " + engine.lastRound() + " (expected "
                                    + target() + ")");
                        }
                        return Boolean.TRUE;
                    }, (peer, e) -> LOG.info("sync from peer failed peer={} last={} error={}", peer, engine.lastRound(),
                            e.getMessage()));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (storeRefused.get() != null) {
                LOG.warn("sync stopped last={} target={}: {} (retried at the next round)", engine.lastRound(), target(),
                        storeRefused.get());
            } else if (engine.lastRound() < target() && !closed) {
                LOG.warn("sync failed with every peer last={} target={}", engine.lastRound(), target());
            }
        } finally {
            // a request raised meanwhile is repeated by the engine's next tick or partial
            synchronized (lock) {
                active = false;
                target = 0;
            }
        }
    }

    private static class SyncException extends Exception {
        private static final long serialVersionUID = 1L;

        SyncException(String message) {
            super(message);
        }
    }

    /** The local store refused verified beacons: not the peer's fault, so the other peers are not tried. */
    private static final class StoreRefusedException extends SyncException {
        private static final long serialVersionUID = 1L;

        StoreRefusedException(String message) {
            super(message);
        }
    }

    /**
     * Streams from {@code peer} and stores what it serves, three stages overlapping: this thread
     * reads the stream and cuts it in chunks, the {@link VerifyPipeline}'s workers verify several
     * chunks at once, and the engine thread (the chain's one writer) appends the verified ones in
     * chain order. Nothing is stored before it verified.
     */
    private void syncFrom(String peer) throws SyncException, InterruptedException {
        long from = engine.lastRound() + 1;
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        BeaconStreamSource.Handle handle = source.open(peer, from, BeaconStreamSource.Sink.into(queue, END));
        // chunks in flight: enough for every worker to have slices while the oldest chunk combines
        int window = 2 + (workers * VerifyPipeline.SLICE + VERIFY_CHUNK - 1) / VERIFY_CHUNK;
        try (VerifyPipeline pipe = new VerifyPipeline(VerifyPipeline.Steps.of(engine.crypto()), workers,
                engine.beaconId())) {
            Committer store = new Committer(peer, pipe);
            long expected = from;
            int taken = 0;
            List<Beacon> chunk = new ArrayList<>();
            while (!closed) {
                Object item = queue.poll();
                if (item == null) {
                    if (!chunk.isEmpty() && pipe.pending() < workers) {
                        pipe.submit(chunk); // workers would idle: verify what we have
                        chunk = new ArrayList<>();
                        continue;
                    }
                    if (pipe.pending() > 0) {
                        store.take(); // the stream fills the queue meanwhile
                        continue;
                    }
                    store.flush(); // nothing to verify: make what is verified durable while waiting
                    item = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    if (item == null) {
                        throw new SyncException("no beacon for " + idleTimeout.toMillis() + " ms after round "
                                + (expected - 1));
                    }
                }
                if (item instanceof Throwable t) {
                    store.finish(chunk);
                    throw new SyncException("stream failed: " + t.getMessage());
                }
                if (item == END) {
                    store.finish(chunk);
                    if (engine.lastRound() >= target()) {
                        return;
                    }
                    throw new SyncException("stream ended at round " + (expected - 1));
                }
                Beacon b = (Beacon) item;
                if (++taken == REQUEST_STEP) {
                    handle.request(taken); // room in the queue again: let the peer send as many more
                    taken = 0;
                }
                if (b.round() != expected) {
                    store.finish(chunk);
                    engine.observer().syncRejected(engine.beaconId(), "out_of_order");
                    throw new SyncException("round " + b.round() + " out of order (expected " + expected + ")");
                }
                expected++;
                chunk.add(b);
                if (b.round() >= target()) {
                    store.finish(chunk);
                    return;
                }
                if (chunk.size() >= VERIFY_CHUNK) {
                    while (pipe.pending() >= window) {
                        store.take();
                    }
                    pipe.submit(chunk);
                    chunk = new ArrayList<>();
                }
                while (pipe.headReady()) {
                    store.take();
                }
            }
        } finally {
            handle.cancel();
        }
    }

    /**
     * Takes verified chunks from the pipeline in chain order and hands them to the engine in
     * batches of {@link #storeBatch}, one append in flight while the next batch verifies.
     */
    private final class Committer {
        private final String peer;
        private final VerifyPipeline pipe;
        private List<Beacon> verified = new ArrayList<>();
        private CompletableFuture<Long> storing = CompletableFuture.completedFuture(0L);

        Committer(String peer, VerifyPipeline pipe) {
            this.peer = peer;
            this.pipe = pipe;
        }

        /** The oldest chunk in flight, verified (waits for it); a bad one ends the sync from this peer. */
        void take() throws SyncException, InterruptedException {
            List<Beacon> chunk;
            try {
                chunk = pipe.take();
            } catch (VerifyPipeline.InvalidChunkException e) {
                engine.observer().syncRejected(engine.beaconId(), "invalid_beacon");
                flush(); // what verified before the bad beacon is valid and linked: keep it
                await();
                throw new SyncException("peer " + peer + ": " + e.getMessage());
            } catch (ExecutionException e) {
                flush();
                await();
                throw new SyncException("verification failed: " + e.getCause());
            }
            verified.addAll(chunk);
            if (verified.size() >= storeBatch) {
                flush();
            }
        }

        /** Verifies and stores everything read so far, waiting until it is durable. */
        void finish(List<Beacon> chunk) throws SyncException, InterruptedException {
            pipe.submit(chunk);
            while (pipe.pending() > 0) {
                take();
            }
            flush();
            await();
        }

        void flush() throws SyncException, InterruptedException {
            if (verified.isEmpty()) {
                return;
            }
            await();
            List<Beacon> batch = verified;
            verified = new ArrayList<>();
            long first = batch.get(0).round();
            storing = engine.appendSynced(batch).whenComplete((last, e) -> {
                if (e == null) {
                    long t = target();
                    for (SyncProgressListener l : progress) {
                        l.onProgress(last, t == Long.MAX_VALUE ? 0 : t);
                    }
                }
            });
            storing.exceptionally(e -> {
                LOG.debug("store refused batch from round {} error={}", first, e.getMessage());
                return null;
            });
        }

        void await() throws SyncException, InterruptedException {
            try {
                storing.get();
            } catch (ExecutionException e) {
                String why = "store refused a batch: " + e.getCause().getMessage();
                if (failedWrite(e.getCause())) {
                    throw new StoreRefusedException(why); // this node's own failure (a full disk), not the peer's
                }
                engine.observer().syncRejected(engine.beaconId(), "store_refused");
                throw new SyncException(why);
            }
        }
    }

    /** The store could not write (an SQL or I/O failure such as a full disk), as opposed to refusing a beacon by its rules. */
    private static boolean failedWrite(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException || c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
    }
}
