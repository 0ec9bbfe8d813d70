package org.jdrand.node.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beacon loop of one beacon ID (drand internal/chain/beacon/node.go): on each round boundary
 * sign round last + 1 over the last signature, exchange partials, recover at threshold, verify,
 * append; catch up one round per catch-up period when behind the clock.
 *
 * <p>Chain state (the last beacon, the aggregation cache, the store's writes) has one owner: a
 * single-threaded executor. Peer partials are checked and BLS-verified on the caller's side and
 * a worker pool, then handed to that thread. Everything else reads {@link #lastRound()} or the
 * store.
 */
public final class RoundEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoundEngine.class);

    private final String beaconId;
    private final ChainInfo info;
    private final Duration catchupPeriod;
    private final BeaconCrypto crypto;
    private final ChainStore store;
    private final Scheduler scheduler;
    private final Executor cryptoPool;
    private final PartialSender sender;
    private volatile SyncTrigger syncTrigger = upTo -> { };
    private volatile EngineObserver observer = EngineObserver.NONE;
    /** Per group index: when (node clock, ms) a partial naming it last arrived, 0 never (status page). */
    private volatile java.util.concurrent.atomic.AtomicLongArray partialSeen;
    private final ExecutorService owner;
    private final List<BeaconListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, List<CompletableFuture<Beacon>>> waiters = new ConcurrentHashMap<>();

    // owned by the engine thread
    private final PartialCache cache = new PartialCache();
    private Beacon last;
    /** Rounds not stored yet → when their steps happened (logged with the stored beacon). */
    private final java.util.TreeMap<Long, RoundTimeline> timelines = new java.util.TreeMap<>();
    private Scheduler.Cancellable nextTick;
    /**
     * The own partial of the next round, signed while waiting for its time (after the previous
     * round was stored) so that the tick only sends it; never sent before the round's time.
     */
    private Presigned presigned;
    private boolean catchupPending;
    private volatile boolean running;

    private volatile Beacon published;

    public RoundEngine(String beaconId, ChainInfo info, Duration catchupPeriod, BeaconCrypto crypto, ChainStore store,
            Scheduler scheduler, Executor cryptoPool, PartialSender sender) throws StoreException {
        this.beaconId = Objects.requireNonNull(beaconId);
        this.info = Objects.requireNonNull(info);
        this.catchupPeriod = Objects.requireNonNull(catchupPeriod);
        this.crypto = Objects.requireNonNull(crypto);
        this.store = Objects.requireNonNull(store);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.cryptoPool = Objects.requireNonNull(cryptoPool);
        this.sender = Objects.requireNonNull(sender);
        this.last = store.last();
        this.published = last;
        this.owner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdrand-engine-" + beaconId);
            t.setDaemon(true);
            return t;
        });
    }

    public void setSyncTrigger(SyncTrigger trigger) {
        this.syncTrigger = Objects.requireNonNull(trigger);
    }

    public void setObserver(EngineObserver observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    /** Who counts this engine's events (the sync of this beacon reports to it too). */
    public EngineObserver observer() {
        return observer;
    }

    public void addListener(BeaconListener l) {
        listeners.add(l);
    }

    public void removeListener(BeaconListener l) {
        listeners.remove(l);
    }

    /** Listeners registered now (metrics: drand's sync_total_callbacks). */
    public int listenerCount() {
        return listeners.size();
    }

    public String beaconId() {
        return beaconId;
    }

    public ChainInfo info() {
        return info;
    }

    public ChainStore store() {
        return store;
    }

    public BeaconCrypto crypto() {
        return crypto;
    }

    /** The last stored round, readable from any thread. */
    public long lastRound() {
        return published.round();
    }

    public Beacon lastBeacon() {
        return published;
    }

    public boolean isRunning() {
        return running;
    }

    /** The round due now by the clock (1 before genesis). */
    public long clockRound() {
        return info.currentRound(scheduler.clock().instant().getEpochSecond());
    }

    /**
     * Starts ticking at the next round boundary. {@link StartMode#START} refuses when genesis has
     * passed (a fresh network must finish its DKG first); {@link StartMode#CATCHUP} also syncs
     * what is missing right away.
     */
    public CompletableFuture<Void> start(StartMode mode) {
        return CompletableFuture.runAsync(() -> {
            long now = scheduler.clock().instant().getEpochSecond();
            if (mode == StartMode.START && now > info.genesisTime()) {
                throw new IllegalStateException("start: genesis " + info.genesisTime() + " has passed (now " + now
                        + "): use catch-up mode");
            }
            running = true;
            long next = now < info.genesisTime() ? 1 : info.currentRound(now) + 1;
            scheduleTick(next);
            if (mode == StartMode.CATCHUP && last.round() + 1 < info.currentRound(now)) {
                syncTrigger.requestSync(info.currentRound(now));
            }
            LOG.info("beacon started id={} mode={} last={} next_round={}", beaconId, mode, last.round(), next);
            presignNext();
        }, owner);
    }

    private void scheduleTick(long round) {
        Instant at = Instant.ofEpochSecond(info.timeOfRound(round));
        nextTick = scheduler.schedule(at, () -> {
            long fired = nowMicros();
            post(() -> tick(round, fired));
        });
    }

    private long nowMicros() {
        return RoundTimeline.micros(scheduler.clock().instant());
    }

    /** The timeline of a round not stored yet (engine thread); the oldest is dropped past a few rounds. */
    private RoundTimeline timeline(long round) {
        RoundTimeline t = timelines.get(round);
        if (t == null) {
            t = new RoundTimeline(info.timeOfRound(round));
            timelines.put(round, t);
            if (timelines.size() > 8) {
                timelines.pollFirstEntry();
            }
        }
        return t;
    }

    /** Runs {@code task} on the engine thread; dropped once the engine is closed. */
    private void post(Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: timers may still fire once
        }
    }

    private void tick(long round, long firedMicros) {
        if (!running) {
            return;
        }
        RoundTimeline timeline = timeline(round);
        timeline.step("timer", firedMicros);
        timeline.step("tick", nowMicros());
        scheduleTick(round + 1);
        try {
            if (round == last.round()) {
                // drand re-signs the stored round: helps peers still collecting it
                Beacon prev = round == 0 ? null : store.get(round - 1).orElse(null);
                if (prev != null) {
                    signAndSend(round, prev.signature());
                }
            } else {
                signAndSend(last.round() + 1, last.signature());
            }
        } catch (StoreException e) {
            LOG.warn("tick failed round={} error={}", round, e.getMessage());
        }
        if (last.round() + 1 < round) {
            syncTrigger.requestSync(round);
        }
    }

    private record Presigned(long round, byte[] prev, byte[] partial) {}

    /** Signs the next round's partial ahead of its time when the chain is up to the clock (engine thread). */
    private void presignNext() {
        long round = last.round() + 1;
        if (!running || crypto.ownIndex() < 0 || round <= clockRound()
                || presigned != null && presigned.round() == round) {
            return;
        }
        byte[] prev = last.signature();
        presigned = new Presigned(round, prev, crypto.signPartial(info.scheme().digest(prev, round)));
    }

    private void signAndSend(long round, byte[] prev) {
        if (crypto.ownIndex() < 0) {
            return;
        }
        Presigned ready = presigned;
        byte[] partial = ready != null && ready.round() == round && Arrays.equals(ready.prev(), prev)
                ? ready.partial() : crypto.signPartial(info.scheme().digest(prev, round));
        RoundTimeline timeline = timeline(round);
        timeline.step(partial == (ready == null ? null : ready.partial()) ? "presigned" : "signed", nowMicros());
        sender.sendPartial(round, prev, partial); // first: the peers wait for it
        timeline.step("sent", nowMicros());
        PartialCache.Offer offer = cache.offer(last.round(), round, prev, crypto.ownIndex(), partial, true);
        if (offer == PartialCache.Offer.ADDED) {
            tryRecover(round, prev);
        }
    }

    /**
     * Checks a peer's partial by drand's rules, in drand's order, and hands it to the aggregator.
     * Completes normally when accepted or silently dropped (round already stored), exceptionally
     * with {@link PartialRejectedException} when a rule is broken.
     *
     * <p>The signature check is optimistic: a partial is cached unchecked and t partials are
     * combined and verified once, as a whole; only when that fails are the partials checked one
     * by one (and the bad ones dropped). A partial is checked before it is cached when it
     * contests a cached one of the same index or its round already held a bad one (see
     * {@link PartialCache}), so a peer cannot crowd out an honest partial, and nothing that does
     * not verify under the group key is ever stored.
     */
    public CompletableFuture<Void> processPartial(long round, byte[] prev, byte[] partial) {
        long arrived = nowMicros();
        long clockRound = clockRound();
        if (round > clockRound + 1) {
            return rejected("future_round", "partial: round " + round + " is in the future (current " + clockRound + ")");
        }
        int index = crypto.indexOf(partial);
        notePartialSeen(index);
        if (round <= lastRound()) {
            return CompletableFuture.completedFuture(null);
        }
        if (index < 0) {
            return rejected("bad_length", "partial: round " + round + ": length " + (partial == null ? 0 : partial.length)
                    + " (expected " + info.scheme().partialSize() + ")");
        }
        if (index >= crypto.groupSize()) {
            return rejected("unknown_index", "partial: round " + round + ": index " + index + " not in group (size "
                    + crypto.groupSize() + ")");
        }
        if (index == crypto.ownIndex()) {
            return rejected("own_index", "partial: round " + round + ": index " + index + " is this node's own");
        }
        byte[] p = partial.clone();
        byte[] pr = prev == null ? new byte[0] : prev.clone();
        return onOwner(() -> wrongPrevious(round, pr) ? null : offer(round, pr, index, p, false, arrived)).thenCompose(offer -> {
            if (offer == null) {
                return rejected("wrong_previous", "partial: round " + round + ": index " + index + " signs over prev "
                        + Hex.shortHex(pr) + " (not stored round " + (round - 1) + "'s signature)");
            }
            return switch (offer) {
                case ADDED, IGNORED -> CompletableFuture.<Void>completedFuture(null);
                case CONFLICT -> rejected("conflicting", "partial: round " + round + ": index " + index
                        + " differs from its checked partial over prev " + Hex.shortHex(pr));
                case CHECK_FIRST -> checkThenOffer(round, pr, index, p, arrived);
            };
        });
    }

    /**
     * On a chained scheme the next round's previous signature is known: the stored last beacon
     * (unique, as BLS signatures are), so a partial for it over anything else can never combine.
     * Engine thread only.
     */
    private boolean wrongPrevious(long round, byte[] prev) {
        return info.scheme().chained() && round == last.round() + 1 && !Arrays.equals(prev, last.signature());
    }

    private void notePartialSeen(int index) {
        java.util.concurrent.atomic.AtomicLongArray seen = partialSeen;
        if (seen == null || seen.length() != crypto.groupSize()) {
            seen = new java.util.concurrent.atomic.AtomicLongArray(Math.max(0, crypto.groupSize()));
            partialSeen = seen;
        }
        if (index >= 0 && index < seen.length()) {
            seen.set(index, scheduler.clock().millis());
        }
    }

    /**
     * When a partial naming group index {@code index} last arrived (node clock, ms; 0 if none
     * since start). Late partials count too: it tells whether a member answers, not whether it
     * was needed. The index is read before the signature is checked.
     */
    public long lastPartialMillis(int index) {
        java.util.concurrent.atomic.AtomicLongArray seen = partialSeen;
        return seen != null && index >= 0 && index < seen.length() ? seen.get(index) : 0;
    }

    /** Checks the signature on a worker, then offers the partial as checked. */
    private CompletableFuture<Void> checkThenOffer(long round, byte[] prev, int index, byte[] partial, long arrived) {
        // the round may be stored while this waits for a worker: then it is dropped unchecked, as on arrival
        return CompletableFuture.supplyAsync(() -> round <= lastRound() ? null
                        : crypto.verifyPartial(info.scheme().digest(prev, round), partial), cryptoPool)
                .thenCompose(ok -> {
                    if (ok == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (!ok) {
                        return rejected("invalid_signature", "partial: round " + round + ": invalid signature from index " + index
                                + " over prev " + Hex.shortHex(prev));
                    }
                    return onOwner(() -> offer(round, prev, index, partial, true, arrived)).thenApply(o -> null);
                });
    }

    private <T> CompletableFuture<T> onOwner(java.util.function.Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, owner);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("beacon " + beaconId + " is stopped"));
        }
    }

    private CompletableFuture<Void> rejected(String reason, String message) {
        observer.partialRejected(beaconId, reason);
        return CompletableFuture.failedFuture(new PartialRejectedException(message));
    }

    private PartialCache.Offer offer(long round, byte[] prev, int index, byte[] partial, boolean checked,
            long arrivedMicros) {
        if (round <= last.round()) {
            return PartialCache.Offer.IGNORED;
        }
        timeline(round).partial(index, arrivedMicros, nowMicros());
        PartialCache.Offer offer = cache.offer(last.round(), round, prev, index, partial, checked);
        if (offer == PartialCache.Offer.ADDED) {
            tryRecover(round, prev);
        }
        return offer;
    }

    private void tryRecover(long round, byte[] prev) {
        int t = crypto.threshold();
        List<PartialCache.Slot> slots = cache.slots(round, prev);
        if (slots.size() < t) {
            return;
        }
        if (round != last.round() + 1 || !Arrays.equals(prev, last.signature())) {
            // peers are ahead: fetch the rounds we lack (only on checked partials' word)
            if (round > last.round() + 1 && checkAll(round, prev) >= t) {
                syncTrigger.requestSync(round - 1);
            }
            return;
        }
        byte[] msg = info.scheme().digest(prev, round);
        byte[] sig = crypto.combine(msg, firstPartials(slots, t));
        if (sig == null) {
            if (checkAll(round, prev) < t) {
                return; // bad partials dropped: wait for more
            }
            sig = crypto.combine(msg, firstPartials(cache.slots(round, prev), t));
            if (sig == null) {
                LOG.error("recovery failed round={}: {} checked partials do not combine under the group key "
                        + "(do the share and the group file belong together?)", round, t);
                return;
            }
        }
        timeline(round).step("recovered", nowMicros());
        append(new Beacon(round, sig, info.scheme().chained() ? prev : null));
    }

    /** The partials of the first {@code t} slots (checked ones come first). */
    private static List<byte[]> firstPartials(List<PartialCache.Slot> slots, int t) {
        List<byte[]> out = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            out.add(slots.get(i).partial());
        }
        return out;
    }

    /**
     * Checks every unchecked partial of (round, prev) at once, drops the bad ones and returns how
     * many remain. Runs only when an optimistic combination failed or peers claim to be ahead.
     */
    private int checkAll(long round, byte[] prev) {
        List<PartialCache.Slot> unchecked = new ArrayList<>();
        for (PartialCache.Slot s : cache.slots(round, prev)) {
            if (!s.checked()) {
                unchecked.add(s);
            }
        }
        if (!unchecked.isEmpty()) {
            List<byte[]> partials = new ArrayList<>(unchecked.size());
            unchecked.forEach(s -> partials.add(s.partial()));
            List<Integer> invalid = new ArrayList<>();
            for (int pos : crypto.invalidPartials(info.scheme().digest(prev, round), partials)) {
                int index = unchecked.get(pos).index();
                invalid.add(index);
                observer.partialRejected(beaconId, "invalid_signature");
                LOG.warn("partial dropped round={} index={} prev={}: invalid signature", round, index,
                        Hex.shortHex(prev));
            }
            cache.checked(round, prev, invalid);
        }
        return cache.slots(round, prev).size();
    }

    private void append(Beacon beacon) {
        try {
            if (!store.append(beacon)) {
                return;
            }
        } catch (StoreException e) {
            LOG.warn("append failed round={} error={}", beacon.round(), e.getMessage());
            return;
        }
        RoundTimeline timeline = timeline(beacon.round());
        timeline.step("stored", nowMicros());
        stored(beacon);
        timeline.step("published", nowMicros());
        long lateness = scheduler.clock().millis() - info.timeOfRound(beacon.round()) * 1000;
        LOG.info("beacon stored id={} round={} lateness_ms={} timeline_ms={}", beaconId, beacon.round(), lateness,
                timeline);
        observer.beaconProduced(beaconId, beacon.round(), lateness);
        afterAppend();
    }

    private void stored(Beacon beacon) {
        last = beacon;
        published = beacon;
        cache.flush(beacon.round());
        timelines.headMap(beacon.round(), true).clear();
        for (BeaconListener l : listeners) {
            try {
                l.onBeacon(beacon);
            } catch (RuntimeException e) {
                LOG.warn("beacon listener failed round={} error={}", beacon.round(), e.toString());
            }
        }
        List<CompletableFuture<Beacon>> w = waiters.remove(beacon.round());
        if (w != null) {
            w.forEach(f -> f.complete(beacon));
        }
    }

    private void afterAppend() {
        // partials for the next round may have arrived before this one was stored
        tryRecover(last.round() + 1, last.signature());
        if (running && !catchupPending && last.round() < clockRound()) {
            catchupPending = true;
            scheduler.schedule(scheduler.clock().instant().plus(catchupPeriod), () -> post(this::catchupStep));
        }
        presignNext();
    }

    private void catchupStep() {
        catchupPending = false;
        if (running && last.round() < clockRound()) {
            signAndSend(last.round() + 1, last.signature());
        }
    }

    /**
     * Appends synced beacons (already verified by the caller) on the engine thread; rounds already
     * stored are skipped. Completes with the new last round.
     */
    public CompletableFuture<Long> appendSynced(List<Beacon> beacons) {
        return CompletableFuture.supplyAsync(() -> {
            List<Beacon> fresh = new ArrayList<>(beacons.size());
            for (Beacon b : beacons) {
                if (b.round() > last.round()) {
                    fresh.add(b);
                }
            }
            if (fresh.isEmpty()) {
                return last.round();
            }
            try {
                store.appendAll(fresh);
            } catch (StoreException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            for (Beacon b : fresh) {
                stored(b);
            }
            afterAppend();
            return last.round();
        }, owner);
    }

    /**
     * Writes re-fetched beacons (verified by the caller, operator check/repair) on the engine
     * thread, the chain's one writer: rounds up to the last stored one are rewritten in place
     * (the in-memory head too when it is among them), later ones are appended as synced.
     * Completes with the new last round.
     */
    public CompletableFuture<Long> repairSynced(List<Beacon> beacons) {
        return CompletableFuture.supplyAsync(() -> {
            List<Beacon> fresh = new ArrayList<>(beacons.size());
            try {
                for (Beacon b : beacons) {
                    if (b.round() > last.round()) {
                        fresh.add(b);
                        continue;
                    }
                    store.repair(b);
                    if (b.round() == last.round()) {
                        last = b;
                        published = b;
                    }
                }
                if (!fresh.isEmpty()) {
                    store.appendAll(fresh);
                }
            } catch (StoreException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            for (Beacon b : fresh) {
                stored(b);
            }
            if (!fresh.isEmpty()) {
                afterAppend();
            }
            return last.round();
        }, owner);
    }

    /**
     * The beacon of {@code round} once stored, or exceptionally with a timeout after
     * {@code timeout} of the node's clock.
     */
    public CompletableFuture<Beacon> awaitRound(long round, Duration timeout) {
        CompletableFuture<Beacon> f = new CompletableFuture<>();
        waiters.computeIfAbsent(round, r -> new CopyOnWriteArrayList<>()).add(f);
        if (lastRound() >= round) {
            // stored meanwhile
            try {
                store.get(round).ifPresentOrElse(f::complete,
                        () -> f.completeExceptionally(new IllegalStateException("round " + round + " not stored")));
            } catch (StoreException e) {
                f.completeExceptionally(e);
            }
        } else {
            scheduler.schedule(scheduler.clock().instant().plus(timeout),
                    () -> f.completeExceptionally(new java.util.concurrent.TimeoutException(
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

    /** Number of callers waiting in {@link #awaitRound} (status, tests). */
    public int pendingWaiters() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    /** Waits for everything queued on the engine thread so far (tests, shutdown). */
    public CompletableFuture<Void> barrier() {
        return CompletableFuture.runAsync(() -> { }, owner);
    }

    @Override
    public void close() {
        try {
            CompletableFuture.runAsync(() -> {
                running = false;
                if (nextTick != null) {
                    nextTick.cancel();
                }
            }, owner).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("engine stop id={} error={}", beaconId, e.toString());
        }
        owner.shutdown();
        try {
            owner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
