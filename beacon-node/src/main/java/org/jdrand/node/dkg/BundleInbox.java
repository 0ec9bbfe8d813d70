package org.jdrand.node.dkg;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.node.dkg.DkgProcess.BroadcastCounts;
import org.jdrand.node.dkg.DkgProcess.DkgException;

/**
 * Where echo-broadcast DKG bundles arrive: copies byte-identical to one seen before are dropped
 * unread, the rest are decoded on the caller's thread and handed to the running execution on
 * the owner thread, or held (up to {@value #EARLY_BUNDLES} per beacon) until it starts.
 */
final class BundleInbox {
    private static final int EARLY_BUNDLES = 1000;

    private final Executor owner;
    private final Function<String, DkgExecution> running;
    private final Supplier<Instant> now;
    private final RawBundleFilter rawFilter = new RawBundleFilter();
    private final AtomicLong decoded = new AtomicLong();
    private final Map<String, Deque<DkgBundle>> early = new HashMap<>();

    /** @param running the execution of a beacon ID on the owner thread, or null */
    BundleInbox(Executor owner, Function<String, DkgExecution> running, Supplier<Instant> now) {
        this.owner = owner;
        this.running = running;
        this.now = now;
    }

    /**
     * A bundle from a peer: {@code copyKey} identifies its wire bytes; {@code decode} (which
     * throws IllegalArgumentException on a malformed bundle) runs only on the first sight.
     */
    void receive(String beaconId, String copyKey, Supplier<DkgBundle> decode) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(beaconId);
        String key = copyKey;
        // echo broadcast: most packets are copies of a bundle already here; drop those unread
        if (!rawFilter.firstSight(key)) {
            return;
        }
        DkgBundle bundle;
        try {
            bundle = decode.get();
        } catch (IllegalArgumentException e) {
            rawFilter.forget(key);
            throw new DkgException(e.getMessage());
        }
        decoded.incrementAndGet();
        Instant arrived = now.get();
        owner.execute(() -> {
            DkgExecution exec = running.apply(id);
            if (exec != null) {
                exec.onBundle(bundle, arrived);
            } else {
                Deque<DkgBundle> q = early.computeIfAbsent(id, k -> new ArrayDeque<>());
                if (q.size() < EARLY_BUNDLES) {
                    q.add(bundle);
                } else {
                    rawFilter.forget(key);
                }
            }
        });
    }

    /** Our own bundle: its echoes coming back are copies. */
    void own(String copyKey) {
        rawFilter.own(copyKey);
    }

    /** Hands the bundles that arrived before the execution to it (owner thread). */
    void release(String id, DkgExecution exec) {
        Deque<DkgBundle> q = early.remove(id);
        if (q != null) {
            q.forEach(exec::onBundle);
        }
    }

    BroadcastCounts counts() {
        return new BroadcastCounts(rawFilter.copies(), rawFilter.dropped(), decoded.get());
    }
}
