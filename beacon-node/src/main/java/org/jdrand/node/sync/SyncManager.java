package org.jdrand.node.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
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
     * Beacons one worker batch-verifies at once: the two multi-scalar sums of a batch cost less
     * per beacon the larger it is (Pippenger; measured ~90 µs per beacon at 250, ~50 µs at 1000,
     * next to ~0.4 ms for the per-beacon decode, subgroup check and hash to G2).
     */
    static final int VERIFY_CHUNK = 1000;
    private static final Object END = new Object();
    /** Beacons taken from the stream's queue before asking the peer for as many more (a flow-control update). */
    private static final int REQUEST_STEP = 500;

    private final RoundEngine engine;
    private final Executor verifyPool;
    private final int parallelism;
    /** Beacons verified together and stored in one transaction. */
    private final int batchSize;
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
        this(engine, source, peers, random, idleTimeout, null, 1);
    }

    /**
     * @param verifyPool  where batch verification runs, split in {@code parallelism} chunks (null: the sync thread)
     */
    public SyncManager(RoundEngine engine, BeaconStreamSource source, List<String> peers, Random random,
            Duration idleTimeout, Executor verifyPool, int parallelism) {
        this.verifyPool = verifyPool;
        this.parallelism = Math.max(1, parallelism);
        this.batchSize = verifyPool == null ? MAX_BATCH : Math.max(MAX_BATCH, this.parallelism * VERIFY_CHUNK);
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
     * Streams from {@code peer} and stores what it serves. Verification of batch k + 1 overlaps
     * with the (engine-thread) store of batch k; nothing is stored before it verified.
     */
    private void syncFrom(String peer) throws SyncException, InterruptedException {
        long from = engine.lastRound() + 1;
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        BeaconStreamSource.Handle handle = source.open(peer, from, BeaconStreamSource.Sink.into(queue, END));
        Pipeline pipe = new Pipeline(peer);
        try {
            long expected = from;
            int taken = 0;
            List<Beacon> batch = new ArrayList<>();
            while (!closed) {
                Object item = batch.isEmpty() ? queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS) : queue.poll();
                if (item == null && !batch.isEmpty()) {
                    pipe.submit(batch);
                    batch = new ArrayList<>();
                    if (expected > target()) {
                        pipe.await();
                        return;
                    }
                    continue;
                }
                if (item == null) {
                    throw new SyncException("no beacon for " + idleTimeout.toMillis() + " ms after round " + (expected - 1));
                }
                if (item instanceof Throwable t) {
                    pipe.submit(batch);
                    pipe.await();
                    throw new SyncException("stream failed: " + t.getMessage());
                }
                if (item == END) {
                    pipe.submit(batch);
                    pipe.await();
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
                    throw new SyncException("round " + b.round() + " out of order (expected " + expected + ")");
                }
                expected++;
                batch.add(b);
                if (batch.size() >= batchSize || b.round() >= target()) {
                    pipe.submit(batch);
                    batch = new ArrayList<>();
                    if (b.round() >= target()) {
                        pipe.await();
                        return;
                    }
                }
            }
        } finally {
            handle.cancel();
        }
    }

    /** Verify-then-store, one batch being stored while the next one verifies. */
    private final class Pipeline {
        private final String peer;
        private CompletableFuture<Long> storing = CompletableFuture.completedFuture(0L);

        Pipeline(String peer) {
            this.peer = peer;
        }

        void submit(List<Beacon> batch) throws SyncException, InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            List<Long> invalid = verify(batch);
            if (!invalid.isEmpty()) {
                await();
                throw new SyncException("peer " + peer + " served " + invalid.size() + " invalid beacon(s), first round "
                        + invalid.get(0));
            }
            await();
            long first = batch.get(0).round();
            storing = engine.appendSynced(List.copyOf(batch)).whenComplete((last, e) -> {
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
                throw failedWrite(e.getCause()) ? new StoreRefusedException(why) : new SyncException(why);
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

    /** Batch verification, split over the verification pool. */
    private List<Long> verify(List<Beacon> batch) throws InterruptedException, SyncException {
        if (verifyPool == null || parallelism == 1 || batch.size() < 2 * parallelism) {
            return engine.crypto().invalidRounds(batch);
        }
        int chunk = (batch.size() + parallelism - 1) / parallelism;
        List<CompletableFuture<List<Long>>> parts = new ArrayList<>();
        for (int i = 0; i < batch.size(); i += chunk) {
            List<Beacon> part = batch.subList(i, Math.min(batch.size(), i + chunk));
            parts.add(CompletableFuture.supplyAsync(() -> engine.crypto().invalidRounds(part), verifyPool));
        }
        List<Long> invalid = new ArrayList<>();
        try {
            for (CompletableFuture<List<Long>> f : parts) {
                invalid.addAll(f.get());
            }
        } catch (ExecutionException e) {
            throw new SyncException("verification failed: " + e.getCause().getMessage());
        }
        return invalid;
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
    }
}
