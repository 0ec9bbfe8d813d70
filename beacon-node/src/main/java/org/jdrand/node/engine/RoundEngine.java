package org.jdrand.node.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * a worker pool ({@link PartialIntake}), then handed to that thread, which combines them
 * ({@link Recovery}), tells the listeners ({@link Publication}: verified ones before the fsync,
 * stored ones after) and appends. Everything else reads {@link #lastRound()} or the store.
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
    /** The engine thread; it also waits for the ticks itself (see {@link Scheduler#scheduleOn}). */
    private final ScheduledThreadPoolExecutor owner;
    private final PartialIntake intake;
    private final Publication publication;

    // owned by the engine thread
    private final PartialCache cache = new PartialCache();
    private final Recovery recovery;
    private Beacon last;
    private final OpenTimelines timelines;
    private Scheduler.Cancellable nextTick;
    private final OwnPartials own;
    private boolean catchupPending;
    private volatile boolean running;

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
        this.timelines = new OpenTimelines(info);
        this.publication = new Publication(store, scheduler, last);
        this.own = new OwnPartials(info, crypto);
        this.recovery = new Recovery(beaconId, info, crypto, cache, this::observer);
        this.intake = new PartialIntake(beaconId, info, crypto, scheduler.clock(), cryptoPool, this::observer,
                new PartialIntake.Target() {
                    @Override
                    public long lastRound() {
                        return RoundEngine.this.lastRound();
                    }

                    @Override
                    public long clockRound() {
                        return RoundEngine.this.clockRound();
                    }

                    @Override
                    public CompletableFuture<PartialCache.Offer> offer(long round, byte[] prev, int index,
                            byte[] partial, boolean checked, long arrivedMicros) {
                        return onOwner(() -> !checked && wrongPrevious(round, prev) ? null
                                : RoundEngine.this.offer(round, prev, index, partial, checked, arrivedMicros));
                    }
                });
        this.owner = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jdrand-engine-" + beaconId);
            t.setDaemon(true);
            return t;
        });
        owner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a pending tick does not hold up close()
        owner.setRemoveOnCancelPolicy(true);
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

    /** Told of each beacon once it is durably stored (see {@link BeaconListener}). */
    public void addListener(BeaconListener l) {
        publication.addStoredListener(l);
    }

    /**
     * Told of each beacon as soon as it is verified: a produced beacon before the store's fsync
     * (served before durable: a threshold signature is unique, see docs/ARCHITECTURE.md), a synced
     * one once stored; in round order, on the engine thread: must not block. For the HTTP API.
     */
    public void addVerifiedListener(BeaconListener l) {
        publication.addVerifiedListener(l);
    }

    public void removeListener(BeaconListener l) {
        publication.removeListener(l);
    }

    /** Listeners registered now (metrics: drand's sync_total_callbacks). */
    public int listenerCount() {
        return publication.listenerCount();
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
        return publication.head().round();
    }

    public Beacon lastBeacon() {
        return publication.head();
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
            schedulePresign();
        }, owner);
    }

    private void scheduleTick(long round) {
        Instant at = Instant.ofEpochSecond(info.timeOfRound(round));
        nextTick = scheduler.scheduleOn(at, owner, () -> tick(round, nowMicros()));
    }

    private long nowMicros() {
        return RoundTimeline.micros(scheduler.clock().instant());
    }

    private RoundTimeline timeline(long round) {
        return timelines.of(round);
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

    /** Has the next round's own partial signed ahead of its time (see {@link OwnPartials}) once the chain is up to the clock. */
    private void schedulePresign() {
        long round = last.round() + 1;
        if (!running || round <= clockRound()) {
            return;
        }
        Instant at = own.scheduleFor(round);
        if (at != null) {
            scheduler.scheduleOn(at, owner, this::presignNext);
        }
    }

    /** Engine thread, at the scheduled instant (or at once when that has passed). */
    private void presignNext() {
        long round = last.round() + 1;
        if (running && round > clockRound()) {
            own.signAhead(round, last.signature());
        }
    }

    private void signAndSend(long round, byte[] prev) {
        if (!own.signs()) {
            return;
        }
        OwnPartials.Partial signed = own.partial(round, prev);
        byte[] partial = signed.bytes();
        RoundTimeline timeline = timeline(round);
        timeline.step(signed.ahead() ? "presigned" : "signed", nowMicros());
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
        return intake.process(round, prev, partial);
    }

    /**
     * On a chained scheme the next round's previous signature is known: the stored last beacon
     * (unique, as BLS signatures are), so a partial for it over anything else can never combine.
     * Engine thread only.
     */
    private boolean wrongPrevious(long round, byte[] prev) {
        return info.scheme().chained() && round == last.round() + 1 && !Arrays.equals(prev, last.signature());
    }

    /**
     * When a partial naming group index {@code index} last arrived (node clock, ms; 0 if none
     * since start). Late partials count too: it tells whether a member answers, not whether it
     * was needed. The index is read before the signature is checked.
     */
    public long lastPartialMillis(int index) {
        return intake.lastSeenMillis(index);
    }

    private <T> CompletableFuture<T> onOwner(java.util.function.Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, owner);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("beacon " + beaconId + " is stopped"));
        }
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
        Beacon beacon = recovery.recover(round, prev, last, syncTrigger::requestSync);
        if (beacon != null) {
            timeline(round).step("recovered", nowMicros());
            append(beacon);
        }
    }

    private void append(Beacon beacon) {
        RoundTimeline timeline = timeline(beacon.round());
        publication.verified(beacon); // HTTP answered before the fsync: see "Served before durable"
        timeline.step("served", nowMicros());
        try {
            if (!store.append(beacon)) {
                return;
            }
        } catch (StoreException e) {
            LOG.warn("append failed round={} error={}", beacon.round(), e.getMessage());
            return;
        }
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
        cache.flush(beacon.round());
        timelines.closeUpTo(beacon.round());
        publication.stored(beacon);
    }

    private void afterAppend() {
        // partials for the next round may have arrived before this one was stored
        tryRecover(last.round() + 1, last.signature());
        if (running && !catchupPending && last.round() < clockRound()) {
            catchupPending = true;
            scheduler.schedule(scheduler.clock().instant().plus(catchupPeriod), () -> post(this::catchupStep));
        }
        schedulePresign();
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
                        publication.repaired(b);
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
        return publication.awaitRound(round, timeout);
    }

    /** Number of callers waiting in {@link #awaitRound} (status, tests). */
    public int pendingWaiters() {
        return publication.pendingWaiters();
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
