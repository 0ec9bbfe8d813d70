package org.jdrand.node.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is told of a new beacon, and when: listeners of verified beacons as soon as a recovered
 * beacon is verified (before the store's fsync; see docs/ARCHITECTURE.md, "Served before
 * durable"), listeners of stored beacons and {@link #awaitRound} callers once it is durable. Told
 * on the engine thread, in round order; readable from any thread.
 */
final class Publication {
    private static final Logger LOG = LoggerFactory.getLogger(RoundEngine.class);

    private final ChainStore store;
    private final Scheduler scheduler;
    private final List<BeaconListener> verifiedListeners = new CopyOnWriteArrayList<>();
    private final List<BeaconListener> storedListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, List<CompletableFuture<Beacon>>> waiters = new ConcurrentHashMap<>();
    /** The last stored beacon. */
    private volatile Beacon head;
    /** The last round told to the verified listeners (engine thread). */
    private long verifiedRound;

    Publication(ChainStore store, Scheduler scheduler, Beacon head) {
        this.store = store;
        this.scheduler = scheduler;
        this.head = head;
        this.verifiedRound = head.round();
    }

    Beacon head() {
        return head;
    }

    void addVerifiedListener(BeaconListener l) {
        verifiedListeners.add(l);
    }

    void addStoredListener(BeaconListener l) {
        storedListeners.add(l);
    }

    void removeListener(BeaconListener l) {
        verifiedListeners.remove(l);
        storedListeners.remove(l);
    }

    int listenerCount() {
        return verifiedListeners.size() + storedListeners.size();
    }

    /** Tells the verified listeners of {@code beacon} unless a later or equal round was told (engine thread). */
    void verified(Beacon beacon) {
        if (beacon.round() <= verifiedRound) {
            return;
        }
        verifiedRound = beacon.round();
        tell(verifiedListeners, beacon);
    }

    /** {@code beacon} is durable: the new head; tells every listener not told yet and the waiters (engine thread). */
    void stored(Beacon beacon) {
        head = beacon;
        verified(beacon); // a synced beacon was not told before
        tell(storedListeners, beacon);
        List<CompletableFuture<Beacon>> w = waiters.remove(beacon.round());
        if (w != null) {
            w.forEach(f -> f.complete(beacon));
        }
    }

    /** The stored head was rewritten in place (operator repair; engine thread). */
    void repaired(Beacon beacon) {
        head = beacon;
    }

    private static void tell(List<BeaconListener> listeners, Beacon beacon) {
        for (BeaconListener l : listeners) {
            try {
                l.onBeacon(beacon);
            } catch (RuntimeException e) {
                LOG.warn("beacon listener failed round={} error={}", beacon.round(), e.toString());
            }
        }
    }

    /** See {@link RoundEngine#awaitRound}. */
    CompletableFuture<Beacon> awaitRound(long round, Duration timeout) {
        CompletableFuture<Beacon> f = new CompletableFuture<>();
        waiters.computeIfAbsent(round, r -> new CopyOnWriteArrayList<>()).add(f);
        if (head.round() >= round) {
            // stored meanwhile
            try {
                store.get(round).ifPresentOrElse(f::complete,
                        () -> f.completeExceptionally(new IllegalStateException("round " + round + " not stored")));
            } catch (StoreException e) {
                f.completeExceptionally(e);
            }
        } else {
            scheduler.schedule(scheduler.clock().instant().plus(timeout),
                    () -> f.completeExceptionally(new TimeoutException(
                            "round " + round + " not produced within " + timeout.toMillis() + " ms")));
        }
        f.whenComplete((b, e) -> {
            List<CompletableFuture<Beacon>> l = waiters.get(round);
            if (l != null) {
                l.remove(f);
            }
        });
        return f;
    }

    int pendingWaiters() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }
}
