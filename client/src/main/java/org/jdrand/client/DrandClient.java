package org.jdrand.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A drand HTTP client that verifies everything it returns. It is pinned to one chain (by chain
 * hash, chain hash and public key, or a full {@link ChainInfo}); every beacon is checked against
 * the chain's public key before it is returned or cached (chained schemes: with the previous
 * signature it carries, which must also be the signature of the previous round when that round is
 * known). With several endpoints, each request goes to the two fastest (measured latency, an
 * EWMA refreshed in the background) and fails over to the others; failing endpoints are backed
 * off. Thread-safe; {@link #close} when done.
 *
 * <pre>{@code
 * try (DrandClient drand = DrandClient.builder()
 *         .endpoints("https://api.drand.sh", "https://drand.cloudflare.com")
 *         .chainHash("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971")
 *         .build()) {
 *     Beacon b = drand.latest();                      // verified
 *     Beacon r = drand.get(1000);                     // verified, then cached
 *     long now = drand.roundAt(Instant.now());
 *     List<String> winners = drand.draw(1000, "raffle 2026").pick(3, List.of("ann", "bob", "cy", "dee"));
 * }
 * }</pre>
 *
 * <p>Errors are unchecked {@link DrandClientException}s: {@link VerificationException} (a beacon
 * that does not verify), {@link ChainMismatchException} (an endpoint serving another chain),
 * {@link EndpointException} (no usable answer). The {@code *Async} variants complete exceptionally
 * with the same types.
 *
 * <p>This class is the public face; the work is done by {@code ChainPin}, {@code BeaconChecks},
 * {@code Failover}, {@code EndpointPool} and {@code BeaconWatch}. It stays long (~500 lines) because
 * its {@link Builder} is nested: applications write {@code DrandClient.Builder}.
 */
public final class DrandClient implements AutoCloseable {
    private final Builder settings;
    private final EndpointPool pool;
    private final BeaconCache cache;
    private final HttpTransport http;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final BlsBackend backend;
    private final ChainPin pin;
    private final BeaconChecks checks;
    private final AtomicReference<CompletableFuture<Verified>> chain = new AtomicReference<>();
    private final WatchRegistry watches = new WatchRegistry();

    /** The chain info and the verifier made from it, known together. */
    record Verified(ChainInfo info, String hashHex, BeaconVerifier verifier) {}

    private DrandClient(Builder b) {
        this.settings = b;
        this.clock = b.clock;
        this.backend = b.backend != null ? b.backend : BlsBackends.fromSystemProperty(notice -> { });
        this.pool = new EndpointPool(b.endpoints, clock, b.backoffBase, b.backoffMax);
        this.cache = new BeaconCache(b.cacheSize);
        this.pin = new ChainPin(b.pinnedHash, b.pinnedKey, backend);
        this.checks = new BeaconChecks(cache);
        ExecutorService httpExecutor = Executors.newCachedThreadPool(ClientThreads.daemon("jdrand-client-http"));
        this.http = b.urlConnection ? new UrlConnectionTransport(b.connectTimeout, httpExecutor)
                : new JdkHttpTransport(b.connectTimeout, httpExecutor);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(ClientThreads.daemon("jdrand-client-timer"));
        if (b.pinnedInfo != null) {
            chain.set(CompletableFuture.completedFuture(pin.verified(b.pinnedInfo)));
        }
        if (!b.latencyRefresh.isZero() && b.endpoints.size() > 1) {
            long ms = b.latencyRefresh.toMillis();
            scheduler.scheduleWithFixedDelay(this::refreshLatencies, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A chain info from drand's JSON (v1 shape: {@code hash}, {@code groupHash}, {@code schemeID};
     * or v2 shape: {@code chain_hash}, {@code genesis_seed}, {@code scheme}), for pinning with
     * {@link Builder#chainInfo}. A hash given in the JSON must be the hash of its fields.
     *
     * @throws ChainMismatchException when the claimed hash is not the hash of the fields
     * @throws IllegalArgumentException when the text is not a chain info
     */
    public static ChainInfo chainInfoFromJson(String json) {
        return DrandJson.chainInfo(json);
    }

    /** A new builder: add endpoints and a pin, then {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- chain info and time ----

    /** The pinned chain's info, fetched once (and checked against the pin) unless it was pinned whole. */
    public ChainInfo info() {
        return ClientThreads.join(infoAsync());
    }

    public CompletableFuture<ChainInfo> infoAsync() {
        return chain().thenApply(Verified::info);
    }

    /** The latest round due at {@code time} (0 before genesis). Needs the chain info. */
    public long roundAt(Instant time) {
        return roundAt(info(), time);
    }

    /** When {@code round} is due (round 1 at genesis). Needs the chain info. */
    public Instant timeOf(long round) {
        if (round < 0) {
            throw new IllegalArgumentException("round: " + round + " (expected ≥ 0)");
        }
        return Instant.ofEpochSecond(info().timeOfRound(round));
    }

    private static long roundAt(ChainInfo info, Instant time) {
        long s = time.getEpochSecond();
        return s < info.genesisTime() ? 0 : info.currentRound(s);
    }

    // ---- beacons ----

    /** The latest beacon an endpoint has, verified. Always asks an endpoint. */
    public Beacon latest() {
        return ClientThreads.join(latestAsync());
    }

    public CompletableFuture<Beacon> latestAsync() {
        return chain().thenCompose(v -> fetchRound(v, "latest", 0, settings.parallel, settings.requestTimeout, true));
    }

    /** The beacon of {@code round} (≥ 1), verified; from the cache when it holds it (no I/O). */
    public Beacon get(long round) {
        return ClientThreads.join(getAsync(round));
    }

    public CompletableFuture<Beacon> getAsync(long round) {
        if (round < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("round: " + round + " (expected ≥ 1)"));
        }
        Beacon hit = cache.get(round);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        return chain().thenCompose(v -> fetchRound(v, Long.toString(round), round, settings.parallel,
                settings.requestTimeout, true));
    }

    /** The beacon of the round due at {@code time}, verified. */
    public Beacon at(Instant time) {
        return ClientThreads.join(atAsync(time));
    }

    public CompletableFuture<Beacon> atAsync(Instant time) {
        Objects.requireNonNull(time, "time");
        return chain().thenCompose(v -> {
            long round = roundAt(v.info(), time);
            if (round < 1) {
                throw new IllegalArgumentException("time: " + time + " is before genesis ("
                        + Instant.ofEpochSecond(v.info().genesisTime()) + ")");
            }
            return getAsync(round);
        });
    }

    /**
     * A verifiable draw from {@code round}'s verified beacon, domain-separated by {@code label}
     * (see {@link Draw} and docs/DRAWS.md).
     */
    public Draw draw(long round, String label) {
        return ClientThreads.join(drawAsync(round, label));
    }

    public CompletableFuture<Draw> drawAsync(long round, String label) {
        Objects.requireNonNull(label, "label");
        return getAsync(round).thenCombine(chain(), (b, v) -> Draw.of(v.info().hash(), b, label));
    }

    /**
     * New rounds as they are produced, each verified and emitted once, in order, with no gap:
     * rounds missed while endpoints failed are fetched and emitted before newer ones. A subscriber
     * starts at the round after the latest one at subscription time. It completes when the client
     * is closed or the subscription cancelled; endpoint failures are retried, never signalled.
     *
     * <pre>{@code
     * drand.watch().subscribe(new Flow.Subscriber<>() {
     *     public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
     *     public void onNext(Beacon b) { System.out.println(b.round()); }
     *     public void onError(Throwable t) { }
     *     public void onComplete() { }
     * });
     * }</pre>
     */
    public Flow.Publisher<Beacon> watch() {
        return watches.publisher(this);
    }

    // ---- endpoints ----

    /** What the client knows of its endpoints, best first. */
    public List<EndpointHealth> endpointHealth() {
        return pool.health();
    }

    /**
     * Measures every endpoint now (a chain info request each), updating latencies and lifting the
     * back-off of those that answer; the client also does this every {@code latencyRefresh}.
     */
    public CompletableFuture<Void> refreshLatencies() {
        String hash = knownHashHex();
        List<CompletableFuture<?>> probes = new ArrayList<>();
        for (Endpoint e : pool.all()) {
            probes.add(Failover.run(http, pool, List.of(e), 1, x -> x.infoPath(hash),
                    settings.requestTimeout, true, (x, body) -> body).handle((r, err) -> null));
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        watches.closeAll();
        scheduler.shutdownNow();
        http.close();
    }

    // ---- package-private, for BeaconWatch ----

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    InstantSource clock() {
        return clock;
    }

    Duration requestTimeout() {
        return settings.requestTimeout;
    }

    boolean isClosed() {
        return watches.isClosed();
    }

    void forget(BeaconWatch.Subscription s) {
        watches.forget(s);
    }

    CompletableFuture<Verified> chain() {
        CompletableFuture<Verified> f = chain.get();
        if (f != null) {
            return f;
        }
        CompletableFuture<Verified> mine = new CompletableFuture<>();
        if (!chain.compareAndSet(null, mine)) {
            return chain.get();
        }
        String pinHex = pin.hashHex();
        Failover.run(http, pool, settings.parallel, e -> e.infoPath(pinHex), settings.requestTimeout, true,
                (e, body) -> pin.verified(pin.check(e, DrandJson.chainInfo(body)))).whenComplete((v, err) -> {
                    if (err != null) {
                        chain.compareAndSet(mine, null); // try again on the next call
                        mine.completeExceptionally(err);
                    } else {
                        mine.complete(v);
                    }
                });
        return mine;
    }

    /**
     * Fetches a round route from the endpoints and returns the verified beacon (cached).
     *
     * @param expectedRound the round asked for, or 0 for "latest"
     */
    CompletableFuture<Beacon> fetchRound(Verified v, String which, long expectedRound, int parallel, Duration timeout,
            boolean latencySample) {
        return Failover.run(http, pool, parallel, e -> e.roundPath(v.hashHex(), which), timeout, latencySample,
                (e, body) -> {
                    Beacon b = checks.verify(v, DrandJson.beacon(body), expectedRound);
                    cache.put(b);
                    return b;
                });
    }

    private String knownHashHex() {
        CompletableFuture<Verified> f = chain.get();
        if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
            return f.join().hashHex();
        }
        return pin.hashHex();
    }

    /**
     * Settings of a {@link DrandClient}. Immutable: every method returns a new builder, so one
     * builder can serve as a template.
     *
     * <pre>{@code
     * DrandClient c = DrandClient.builder()
     *         .endpoint(Endpoint.v2("https://api.drand.sh"))
     *         .chainHash("52db9ba7…")
     *         .requestTimeout(Duration.ofSeconds(5))
     *         .cacheSize(10_000)
     *         .build();
     * }</pre>
     */
    public static final class Builder implements Cloneable {
        private List<Endpoint> endpoints = List.of();
        private byte[] pinnedHash;
        private byte[] pinnedKey;
        private ChainInfo pinnedInfo;
        private boolean insecureUnpinned;
        private boolean urlConnection;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration latencyRefresh = Duration.ofSeconds(30);
        private Duration backoffBase = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);
        private int cacheSize = 1024;
        private int parallel = 2;
        private InstantSource clock = InstantSource.system();
        private BlsBackend backend;

        private Builder() {}

        private Builder copy() {
            try {
                return (Builder) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        /** Adds an endpoint asked through drand's v1 routes. */
        public Builder endpoint(String url) {
            return endpoint(Endpoint.v1(url));
        }

        public Builder endpoint(Endpoint endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoints.contains(endpoint)) {
                throw new IllegalArgumentException("endpoint: " + endpoint + " given twice");
            }
            Builder b = copy();
            List<Endpoint> l = new ArrayList<>(endpoints);
            l.add(endpoint);
            b.endpoints = List.copyOf(l);
            return b;
        }

        /** Adds endpoints asked through drand's v1 routes. */
        public Builder endpoints(String... urls) {
            Builder b = this;
            for (String u : urls) {
                b = b.endpoint(u);
            }
            return b;
        }

        /** Pins the chain by its hash: the chain info is fetched and must hash to it. */
        public Builder chainHash(String hex) {
            return chainHash(Hex.decode(Objects.requireNonNull(hex, "chain hash")));
        }

        public Builder chainHash(byte[] hash) {
            if (hash.length != 32) {
                throw new IllegalArgumentException("chain hash: " + hash.length + " bytes (expected 32)");
            }
            Builder b = copy();
            b.pinnedHash = hash.clone();
            return b;
        }

        /** Pins the chain by its hash and group public key (both must match the fetched info). */
        public Builder chainHashAndPublicKey(String hashHex, String publicKeyHex) {
            Builder b = chainHash(hashHex);
            b.pinnedKey = Hex.decode(Objects.requireNonNull(publicKeyHex, "public key"));
            return b;
        }

        /** Pins the chain by its whole info: no info is fetched, nothing is trusted from endpoints. */
        public Builder chainInfo(ChainInfo info) {
            Builder b = copy();
            b.pinnedInfo = Objects.requireNonNull(info, "chain info");
            b.pinnedHash = info.hash();
            b.pinnedKey = info.publicKey();
            return b;
        }

        /**
         * Trusts the chain info of whichever endpoint answers first. Insecure: an endpoint can then
         * serve any chain it likes, consistently signed. Only for exploration and tests.
         */
        public Builder insecurelyTrustFirstChainInfo() {
            Builder b = copy();
            b.insecureUnpinned = true;
            return b;
        }

        /**
         * Sends requests through {@code java.net.HttpURLConnection} (HTTP/1.1, a thread per request
         * in flight) instead of {@code java.net.http} (HTTP/2, asynchronous): a process that makes a
         * few requests and exits starts noticeably faster (about a third of the classes, no TLS
         * set-up for http:// endpoints). Behaviour is otherwise the same. Default: off.
         */
        public Builder urlConnectionHttp() {
            Builder b = copy();
            b.urlConnection = true;
            return b;
        }

        public Builder connectTimeout(Duration d) {
            Builder b = copy();
            b.connectTimeout = positive(d, "connect timeout");
            return b;
        }

        /** How long one HTTP request may take (long polls for the next round add one period). */
        public Builder requestTimeout(Duration d) {
            Builder b = copy();
            b.requestTimeout = positive(d, "request timeout");
            return b;
        }

        /** Verified beacons kept in memory (0: none). Default 1024. */
        public Builder cacheSize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cache size: " + n + " (expected ≥ 0)");
            }
            Builder b = copy();
            b.cacheSize = n;
            return b;
        }

        /** How often every endpoint's latency is measured in the background (0: never). Default 30 s. */
        public Builder latencyRefresh(Duration d) {
            Objects.requireNonNull(d, "latency refresh");
            if (d.isNegative()) {
                throw new IllegalArgumentException("latency refresh: " + d + " (expected ≥ 0)");
            }
            Builder b = copy();
            b.latencyRefresh = d;
            return b;
        }

        /** A failing endpoint is skipped for {@code base}, doubled on each failure in a row, up to {@code max}. */
        public Builder backoff(Duration base, Duration max) {
            Builder b = copy();
            b.backoffBase = positive(base, "back-off base");
            b.backoffMax = positive(max, "back-off max");
            return b;
        }

        /** How many endpoints each request races (default 2; 1 asks one at a time). */
        public Builder parallelRequests(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parallel requests: " + n + " (expected ≥ 1)");
            }
            Builder b = copy();
            b.parallel = n;
            return b;
        }

        /** The wall clock for {@code roundAt}, back-offs and {@code watch} (default: the system clock). */
        public Builder clock(InstantSource clock) {
            Builder b = copy();
            b.clock = Objects.requireNonNull(clock, "clock");
            return b;
        }

        /** The BLS backend that verifies (default: blst, or Bouncy Castle where blst cannot load). */
        public Builder backend(BlsBackend backend) {
            Builder b = copy();
            b.backend = Objects.requireNonNull(backend, "backend");
            return b;
        }

        /**
         * @throws IllegalStateException without endpoints, or without a pin unless
         *     {@link #insecurelyTrustFirstChainInfo()} was chosen
         */
        public DrandClient build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("drand client: no endpoint (expected at least one)");
            }
            if (pinnedHash == null && !insecureUnpinned) {
                throw new IllegalStateException("drand client: no chain pinned (expected chainHash, "
                        + "chainHashAndPublicKey or chainInfo; insecurelyTrustFirstChainInfo to run unpinned)");
            }
            return new DrandClient(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": " + d + " (expected > 0)");
            }
            return d;
        }
    }
}
