package org.jdrand.node.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.PreparedBeacon;
import org.jdrand.node.engine.BeaconCrypto;

/**
 * Verifies chunks of a sync stream on a worker pool of its own, handing them back in the order
 * they were submitted. Each chunk is cut in slices whose per-beacon steps (decode, subgroup
 * check, hash to the curve: nearly all the cost) run as separate tasks, then one task combines
 * the chunk (random linear combination, bisection on failure). Several chunks are in flight at
 * once, so the workers stay busy while the caller reads the stream and the store appends.
 *
 * <p>One caller thread submits and takes; the workers only compute (no chain state, no store).
 */
public final class VerifyPipeline implements AutoCloseable {
    /** Beacons one task prepares: small enough to spread a chunk over the cores, large enough to be cheap to schedule. */
    static final int SLICE = 125;

    /** The two halves of batch verification (crypto's {@code BeaconVerifier}: pure, thread-safe). */
    public interface Steps {
        PreparedBeacon prepare(Beacon beacon);

        List<Long> invalidRounds(List<PreparedBeacon> prepared);

        static Steps of(BeaconCrypto crypto) {
            return new Steps() {
                @Override
                public PreparedBeacon prepare(Beacon beacon) {
                    return crypto.prepare(beacon);
                }

                @Override
                public List<Long> invalidRounds(List<PreparedBeacon> prepared) {
                    return crypto.invalidPreparedRounds(prepared);
                }
            };
        }
    }

    /** A chunk that does not verify: names its first bad round. */
    public static final class InvalidChunkException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Long> invalidRounds;

        InvalidChunkException(List<Beacon> chunk, List<Long> invalidRounds) {
            super("beacon does not verify: round " + invalidRounds.get(0) + " (" + invalidRounds.size()
                    + " invalid of rounds " + chunk.get(0).round() + ".." + chunk.get(chunk.size() - 1).round() + ")");
            this.invalidRounds = List.copyOf(invalidRounds);
        }

        public long firstRound() {
            return invalidRounds.get(0);
        }

        public List<Long> invalidRounds() {
            return invalidRounds;
        }
    }

    private record Pending(List<Beacon> chunk, CompletableFuture<List<Long>> invalid) {}

    private final Steps steps;
    private final ExecutorService pool;
    private final int workers;
    private final Deque<Pending> inFlight = new ArrayDeque<>();

    /**
     * @param workers threads of the pool (the cores a catch-up may use)
     * @param name    thread-name suffix (the beacon ID)
     */
    public VerifyPipeline(Steps steps, int workers, String name) {
        this.steps = steps;
        this.workers = Math.max(1, workers);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.workers, r -> {
            Thread t = new Thread(r, "jdrand-verify-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            // background work: under the daemon's flags (deploy/bin/jdrand) the lowest Java priority is
            // nice 10, the JIT's, so a catch-up and the compiler share the cores as they would at
            // equal priority while a member's round threads (nice 0) go first; elsewhere a no-op
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    public int workers() {
        return workers;
    }

    /** Starts verifying {@code chunk} (consecutive beacons, after every chunk submitted before). Never blocks. */
    public void submit(List<Beacon> chunk) {
        if (pool.isShutdown()) {
            throw new IllegalStateException("verify pipeline: closed");
        }
        if (chunk.isEmpty()) {
            return;
        }
        List<Beacon> beacons = List.copyOf(chunk);
        List<CompletableFuture<List<PreparedBeacon>>> slices = new ArrayList<>();
        for (int i = 0; i < beacons.size(); i += SLICE) {
            List<Beacon> slice = beacons.subList(i, Math.min(beacons.size(), i + SLICE));
            slices.add(CompletableFuture.supplyAsync(() -> prepare(slice), pool));
        }
        CompletableFuture<List<Long>> invalid = CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new))
                .thenApplyAsync(none -> {
                    List<PreparedBeacon> prepared = new ArrayList<>(beacons.size());
                    for (CompletableFuture<List<PreparedBeacon>> s : slices) {
                        prepared.addAll(s.join());
                    }
                    return steps.invalidRounds(prepared);
                }, pool);
        inFlight.add(new Pending(beacons, invalid));
    }

    private List<PreparedBeacon> prepare(List<Beacon> slice) {
        List<PreparedBeacon> out = new ArrayList<>(slice.size());
        for (Beacon b : slice) {
            out.add(steps.prepare(b));
        }
        return out;
    }

    /** Chunks submitted and not yet taken. */
    public int pending() {
        return inFlight.size();
    }

    /** True when the oldest pending chunk is verified (take() will not wait). */
    public boolean headReady() {
        Pending head = inFlight.peek();
        return head != null && head.invalid.isDone();
    }

    /**
     * The oldest pending chunk once verified, waiting for it if need be.
     *
     * @throws InvalidChunkException when a beacon in it does not verify
     * @throws ExecutionException    when a worker failed (the cause is the worker's exception)
     * @throws NoSuchElementException when nothing is pending
     */
    public List<Beacon> take() throws InterruptedException, InvalidChunkException, ExecutionException {
        Pending head = inFlight.remove();
        List<Long> invalid = head.invalid.get();
        if (!invalid.isEmpty()) {
            throw new InvalidChunkException(head.chunk, invalid);
        }
        return head.chunk;
    }

    public boolean isClosed() {
        return pool.isTerminated();
    }

    /** Stops the workers (work in flight is abandoned) and waits briefly for them to exit. */
    @Override
    public void close() {
        for (Pending p : inFlight) {
            p.invalid.cancel(false);
        }
        inFlight.clear();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
