package org.jdrand.node.relay;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.BeaconSource;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.grpc.PublicClient;
import org.jdrand.node.grpc.PublicRandStreams;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.node.sync.PeerFetch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's chain: follows upstream nodes with drand.Public/PublicRandStream from the last stored
 * round + 1, verifies every beacon against the chain's group key (and the previous signature on
 * chained chains), stores it, and pushes it to the HTTP API. On a stream error, an invalid beacon
 * or a finished stream it moves to the next upstream after a short delay, round-robin.
 */
public final class RelaySource implements BeaconSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySource.class);

    private final ChainInfo info;
    private final List<String> upstreams;
    private final BeaconStreamSource streams;
    private final BeaconVerifier verifier;
    private final ChainStore store;
    private final Executor reads;
    private final ScheduledExecutorService timer;
    private final Duration retryDelay;
    private final List<Consumer<Beacon>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Beacon last;
    private int current;
    private BeaconStreamSource.Handle stream;
    private Object attempt; // the current stream's identity: callbacks of a replaced one are ignored
    private boolean closed;

    /**
     * @param info       the chain, as {@link #fetchInfo} returned it (pinned by its hash)
     * @param store      the relay's store of that chain (its last round is where following resumes)
     * @param reads      executor for store reads requested by the HTTP API
     * @param timer      runs reconnects after {@code retryDelay}
     */
    public RelaySource(ChainInfo info, List<String> upstreams, PeerChannels channels, BlsBackend backend,
            ChainStore store, Executor reads, ScheduledExecutorService timer, Duration retryDelay) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("relay: no upstream (expected at least one node address)");
        }
        this.info = info;
        this.upstreams = List.copyOf(upstreams);
        this.streams = new PublicRandStreams(channels, info.beaconId());
        this.verifier = BeaconVerifier.forChain(backend, info);
        this.store = store;
        this.reads = reads;
        this.timer = timer;
        this.retryDelay = retryDelay;
    }

    /**
     * Asks the upstreams in order for the chain info of {@code beaconId}; the first answer whose
     * hash matches {@code chainHash} (when given) wins.
     *
     * @throws IllegalStateException when no upstream answers with a matching chain
     */
    public static ChainInfo fetchInfo(PeerChannels channels, List<String> upstreams, String beaconId,
            byte[] chainHash, Duration timeout) {
        PeerFetch.Outcome<ChainInfo> got = ask(upstreams, up -> {
            ChainInfo info = PublicClient.of(channels::channel).chainInfo(up, beaconId, timeout);
            if (chainHash != null && !Arrays.equals(chainHash, info.hash())) {
                throw new IllegalStateException("chain hash " + info.hashHex().substring(0, 8) + " (expected "
                        + Hex.shortHex(chainHash) + ")");
            }
            return info;
        });
        return got.answer().orElseThrow(() ->
                new IllegalStateException("relay: no upstream served chain info: " + got.failureSummary()));
    }

    /**
     * The upstreams' latest beacon of the chain, verified: where a relay without history starts
     * (seed a memory store with it).
     *
     * @throws IllegalStateException when no upstream answers with a valid beacon
     */
    public static Beacon fetchLatest(PeerChannels channels, List<String> upstreams, ChainInfo info, BlsBackend backend,
            Duration timeout) {
        BeaconVerifier verifier = BeaconVerifier.forChain(backend, info);
        PeerFetch.Outcome<Beacon> got = ask(upstreams, up -> {
            Beacon b = PublicClient.of(channels::channel).beacon(up, info.beaconId(), 0, timeout);
            verifier.check(b);
            return info.scheme().chained() ? b : b.withoutPreviousSignature();
        });
        return got.answer().orElseThrow(() ->
                new IllegalStateException("relay: no upstream served a valid latest beacon: " + got.failureSummary()));
    }

    /** The upstreams in the operator's order of preference; an interrupt ends the start-up. */
    private static <T> PeerFetch.Outcome<T> ask(List<String> upstreams, PeerFetch.Attempt<T> attempt) {
        try {
            return PeerFetch.first(upstreams, attempt);
        } catch (InterruptedException e) {
            throw new IllegalStateException("relay: interrupted while asking the upstreams", e);
        }
    }

    /** Resumes from the store's last round and starts following the first upstream. */
    public RelaySource start() throws StoreException {
        last = store.last();
        follow();
        return this;
    }

    /** The last stored round (0 before the first beacon). */
    public long lastRound() {
        return last.round();
    }

    private void follow() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            String up = upstreams.get(current);
            long from = last.round() + 1;
            Object me = new Object();
            attempt = me;
            LOG.info("relay following upstream={} from_round={}", up, from);
            // callbacks wait for this lock, so they see this stream's handle
            stream = streams.open(up, from, new BeaconStreamSource.Sink() {
                @Override
                public void onBeacon(Beacon b) {
                    try {
                        accept(b);
                    } catch (RuntimeException | StoreException e) {
                        failover(me, up, e.getMessage());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failover(me, up, t.getMessage());
                }

                @Override
                public void onCompleted() {
                    failover(me, up, "stream ended");
                }
            });
        }
    }

    private void failover(Object which, String up, String why) {
        BeaconStreamSource.Handle h;
        synchronized (lock) {
            if (closed || attempt != which) {
                return; // an older stream, already replaced
            }
            attempt = null;
            h = stream;
            stream = null;
            current = (current + 1) % upstreams.size();
            LOG.warn("relay upstream failed upstream={} error={} next={}", up, why, upstreams.get(current));
        }
        if (h != null) {
            h.cancel();
        }
        timer.schedule(this::follow, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Verifies and stores the next beacon; rounds already stored are skipped. */
    private void accept(Beacon b) throws StoreException {
        synchronized (lock) {
            Beacon prev = last;
            if (b.round() <= prev.round()) {
                return;
            }
            if (b.round() != prev.round() + 1) {
                throw new IllegalArgumentException("relay: round " + b.round() + " (expected " + (prev.round() + 1) + ")");
            }
            if (info.scheme().chained() && !Arrays.equals(b.previousSignature(), prev.signature())) {
                throw new IllegalArgumentException("relay: round " + b.round() + ": previous signature "
                        + Hex.shortHex(b.previousSignature()) + " (expected " + Hex.shortHex(prev.signature()) + ")");
            }
            Beacon stored = info.scheme().chained() ? b : b.withoutPreviousSignature();
            verifier.check(stored);
            store.append(stored);
            last = stored;
            for (Consumer<Beacon> l : listeners) { // in round order; listeners do not block
                l.accept(stored);
            }
        }
    }

    @Override
    public ChainInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<Optional<Beacon>> latest() {
        Beacon b = last;
        return CompletableFuture.completedFuture(b == null || b.round() < 1 ? Optional.empty() : Optional.of(b));
    }

    @Override
    public CompletableFuture<Optional<Beacon>> beacon(long round) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.get(round);
            } catch (StoreException e) {
                throw new CompletionException(e);
            }
        }, reads);
    }

    @Override
    public Subscription subscribe(Consumer<Beacon> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        BeaconStreamSource.Handle s;
        synchronized (lock) {
            closed = true;
            s = stream;
            stream = null;
            attempt = null;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
