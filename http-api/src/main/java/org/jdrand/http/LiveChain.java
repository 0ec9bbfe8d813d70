package org.jdrand.http;

import io.netty.handler.codec.DateFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * What the server keeps in memory for one chain: its info bodies, the latest beacon with its
 * bodies (replaced on each pushed beacon; serialized once, by the first request), and
 * the requests waiting for a round not produced yet.
 */
final class LiveChain {
    /**
     * A beacon with its three bodies and its round's HTTP date, each serialized on first use and
     * then kept, and the responses built from them, kept per shape once a request asked (they
     * never change). Lazy because most installed beacons are never asked for: a node catching up
     * installs every synced round as its latest, 100,000 of them in a few seconds.
     */
    static final class Serialized {
        private final Beacon beacon;
        private final ChainInfo info;
        // racy memos: two threads may both serialize, to equal bodies; volatile publishes the arrays whole
        private volatile byte[] v1;
        private volatile byte[] v2;
        private volatile byte[] legacy;
        private volatile String lastModified;
        private final AtomicReferenceArray<ApiResponse> responses = new AtomicReferenceArray<>(SHAPES);

        Serialized(Beacon beacon, ChainInfo info) {
            this.beacon = beacon;
            this.info = info;
        }

        Beacon beacon() {
            return beacon;
        }

        byte[] v1() {
            byte[] b = v1;
            if (b == null) {
                v1 = b = ApiJson.beaconV1(info, beacon);
            }
            return b;
        }

        byte[] v2() {
            byte[] b = v2;
            if (b == null) {
                v2 = b = ApiJson.beaconV2(info, beacon);
            }
            return b;
        }

        byte[] legacy() {
            byte[] b = legacy;
            if (b == null) {
                legacy = b = ApiJson.beaconLegacy(info, beacon);
            }
            return b;
        }

        String lastModified() {
            String d = lastModified;
            if (d == null) {
                lastModified = d = httpDate(info.timeOfRound(beacon.round()));
            }
            return d;
        }

        /** The response of this past round in {@code shape}, built by {@code make} on first use. */
        ApiResponse response(ApiRouter.Shape shape, Function<Serialized, ApiResponse> make) {
            return memo(responses, shape, () -> make.apply(this));
        }
    }

    private static final int SHAPES = ApiRouter.Shape.values().length;

    /** The latest responses of one second: their max-age and Expires change once a second. */
    private record LatestMemo(Serialized latest, long second, AtomicReferenceArray<ApiResponse> responses) {}

    private volatile LatestMemo latestMemo = new LatestMemo(null, Long.MIN_VALUE, new AtomicReferenceArray<>(SHAPES));

    /**
     * The response for the latest beacon {@code l} at Unix second {@code second}, built by
     * {@code make} once per second and shape.
     */
    ApiResponse latestResponse(Serialized l, long second, ApiRouter.Shape shape, Supplier<ApiResponse> make) {
        LatestMemo m = latestMemo;
        if (m.latest() != l || m.second() != second) {
            m = new LatestMemo(l, second, new AtomicReferenceArray<>(SHAPES));
            latestMemo = m; // a racing thread may replace it with an equal one: harmless
        }
        return memo(m.responses(), shape, make);
    }

    private static ApiResponse memo(AtomicReferenceArray<ApiResponse> slots, ApiRouter.Shape shape,
            Supplier<ApiResponse> make) {
        ApiResponse r = slots.get(shape.ordinal());
        if (r == null) {
            r = make.get();
            slots.set(shape.ordinal(), r);
        }
        return r;
    }

    /** Recently served rounds kept serialized (slot = round mod size): popular rounds skip storage. */
    private static final int RECENT = 1024;

    /** Replaced when the chain's producer changes (a reshare restarts the beacon process). */
    private volatile BeaconSource source;
    private final ChainInfo info;
    private final String hashHex;
    private final byte[] infoV1;
    private final byte[] infoV2;
    private final String genesisHttpDate;
    private volatile Serialized latest;
    private final AtomicReferenceArray<Serialized> recent = new AtomicReferenceArray<>(RECENT);
    /** round → completed with its beacon, or with null once a later round is seen. */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Beacon>> waiting = new ConcurrentSkipListMap<>();
    private volatile BeaconSource.Subscription subscription;
    /** Told of each newer beacon after it is installed (event streams). */
    private final List<Consumer<Serialized>> followers = new CopyOnWriteArrayList<>();

    LiveChain(BeaconSource source) {
        this.source = source;
        this.info = source.info();
        this.hashHex = info.hashHex();
        this.infoV1 = ApiJson.infoV1(info);
        this.infoV2 = ApiJson.infoV2(info);
        this.genesisHttpDate = httpDate(info.genesisTime());
    }

    /** Subscribes, then loads the stored latest (waiting is fine: not on an event loop). */
    void start(long timeoutMillis) throws Exception {
        subscription = source.subscribe(this::onBeacon);
        Optional<Beacon> stored = source.latest().get(timeoutMillis, TimeUnit.MILLISECONDS);
        stored.ifPresent(this::onBeacon);
    }

    /**
     * Follows {@code next}, the same chain from a new producer: held requests and event streams
     * stay open and are served from it. The new source is subscribed before the old one is
     * dropped, so no beacon falls between them.
     *
     * Called by the service's publish only (one caller at a time).
     *
     * @throws IllegalArgumentException when {@code next} serves another chain
     */
    void replaceSource(BeaconSource next, long timeoutMillis) throws Exception {
        if (!next.info().hashHex().equals(hashHex)) {
            throw new IllegalArgumentException("http api: replacing chain " + hashHex.substring(0, 8)
                    + " with chain " + next.info().hashHex().substring(0, 8) + " (expected the same chain hash)");
        }
        BeaconSource.Subscription old = subscription;
        subscription = next.subscribe(this::onBeacon);
        source = next;
        if (old != null) {
            old.close();
        }
        next.latest().get(timeoutMillis, TimeUnit.MILLISECONDS).ifPresent(this::onBeacon);
    }

    void close() {
        BeaconSource.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        waiting.values().forEach(f -> f.complete(null));
    }

    /** Installs a newer beacon and wakes the requests waiting for it or an earlier round. */
    void onBeacon(Beacon b) {
        Serialized installed;
        synchronized (this) {
            Serialized cur = latest;
            if (cur != null && b.round() <= cur.beacon().round()) {
                return;
            }
            installed = remember(b);
            latest = installed;
        }
        for (Consumer<Serialized> f : followers) {
            f.accept(installed);
        }
        Map<Long, CompletableFuture<Beacon>> due = waiting.headMap(b.round(), true);
        for (Map.Entry<Long, CompletableFuture<Beacon>> e : due.entrySet()) {
            if (waiting.remove(e.getKey(), e.getValue())) {
                e.getValue().complete(e.getKey() == b.round() ? b : null);
            }
        }
    }

    /**
     * A future completed when {@code round} is produced: with its beacon, or with null if a later
     * round was seen first (then read it from the source). Shared by all requests for the round;
     * callers must not complete it.
     */
    CompletableFuture<Beacon> awaitRound(long round) {
        CompletableFuture<Beacon> f = waiting.computeIfAbsent(round, r -> new CompletableFuture<>());
        Serialized cur = latest; // a beacon published between the caller's check and here
        if (cur != null && cur.beacon().round() >= round && waiting.remove(round, f)) {
            f.complete(cur.beacon().round() == round ? cur.beacon() : null);
        }
        return f;
    }

    /**
     * Calls {@code follower} with each newer beacon from now on (on the appending thread: it must
     * not block); closing the result stops it.
     */
    BeaconSource.Subscription follow(Consumer<Serialized> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    /**
     * Rounds {@code from..to} serialized, in order: from memory when served recently, else read
     * from the source (and not kept, so a long range does not evict popular rounds). Fails with
     * {@link MissingRoundException} when one is not stored.
     */
    CompletableFuture<List<Serialized>> rounds(long from, long to, long timeoutMs) {
        int n = (int) (to - from + 1);
        @SuppressWarnings("unchecked")
        CompletableFuture<Serialized>[] parts = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            long round = from + i;
            Serialized known = recent(round);
            parts[i] = known != null ? CompletableFuture.completedFuture(known)
                    : source.beacon(round).copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS).thenApply(found ->
                            serialize(found.orElseThrow(() -> new MissingRoundException(round))));
        }
        return CompletableFuture.allOf(parts).thenApply(v -> {
            List<Serialized> out = new ArrayList<>(n);
            for (CompletableFuture<Serialized> p : parts) {
                out.add(p.join());
            }
            return out;
        });
    }

    /** A round within a requested range is not in the store. */
    static final class MissingRoundException extends RuntimeException {
        final long round;

        MissingRoundException(long round) {
            super("round " + round + ": not stored", null, false, false);
            this.round = round;
        }
    }

    int waitingRounds() {
        return waiting.size();
    }

    BeaconSource source() {
        return source;
    }

    ChainInfo info() {
        return info;
    }

    String hashHex() {
        return hashHex;
    }

    byte[] infoV1() {
        return infoV1;
    }

    byte[] infoV2() {
        return infoV2;
    }

    String genesisHttpDate() {
        return genesisHttpDate;
    }

    /** Serializes {@code b} and keeps it among the recent rounds. */
    Serialized remember(Beacon b) {
        Serialized s = serialize(b);
        recent.set((int) Long.remainderUnsigned(b.round(), RECENT), s);
        return s;
    }

    private Serialized serialize(Beacon b) {
        return new Serialized(b, info);
    }

    /** {@code round} if it was served or pushed recently, else null. */
    Serialized recent(long round) {
        Serialized s = recent.get((int) Long.remainderUnsigned(round, RECENT));
        return s != null && s.beacon().round() == round ? s : null;
    }

    /** The latest beacon, or null before the first one. */
    Serialized latest() {
        return latest;
    }

    long latestRound() {
        Serialized cur = latest;
        return cur == null ? 0 : cur.beacon().round();
    }

    private record DateMemo(long unixSeconds, String text) {}

    private volatile DateMemo nextRoundDate = new DateMemo(Long.MIN_VALUE, "");

    /** The HTTP date of {@code unixSeconds}, remembered: latest responses ask for the same one all period. */
    String nextRoundHttpDate(long unixSeconds) {
        DateMemo m = nextRoundDate;
        if (m.unixSeconds() != unixSeconds) {
            m = new DateMemo(unixSeconds, httpDate(unixSeconds));
            nextRoundDate = m;
        }
        return m.text();
    }

    static String httpDate(long unixSeconds) {
        return DateFormatter.format(new Date(unixSeconds * 1000));
    }
}
