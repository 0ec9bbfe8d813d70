package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every route, header and status of http-api.md against a real server on a free port. */
@Timeout(60)
class HttpApiServiceTest {
    static final long G = 1_700_000_000L;
    /** Default chain (period 30): round 10 is due at G+270, round 11 at G+300. */
    static final long NOW = G + 275;
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = MutableClock.atSeconds(NOW);
    final ChainInfo chained = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 30, G, 1);
    // period 3, genesis G+247: round 10 is due at G+274, round 11 at G+277
    final ChainInfo unchained = FakeChains.info(Scheme.PEDERSEN_BLS_UNCHAINED, "unchained", 3, G + 247, 2);
    final ChainInfo quick = FakeChains.info(Scheme.BLS_UNCHAINED_G1_RFC9380, "quicknet", 3, G + 247, 3);
    final InMemoryBeaconSource chainedSource = FakeChains.source(chained, 1, 10);
    final InMemoryBeaconSource unchainedSource = FakeChains.source(unchained, 1, 10);
    final InMemoryBeaconSource quickSource = FakeChains.source(quick, 1, 10);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpApiService server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = start(HttpConfig.of("127.0.0.1", 0).withIoThreads(1).withServerHeader("jdrand-test/1"),
                ChainRegistry.of(chainedSource, unchainedSource, quickSource));
    }

    /** Requests the server has read and not answered yet. */
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    HttpApiService start(HttpConfig config, ChainRegistry registry) throws Exception {
        HttpObserver counting = method -> {
            inFlight.incrementAndGet();
            return status -> inFlight.decrementAndGet();
        };
        HttpApiService s = new HttpApiService(config, registry, clock, counting).start();
        base = "http://127.0.0.1:" + s.port();
        return s;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(request("GET", path), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static void assertCommonHeaders(HttpResponse<?> r) {
        assertThat(header(r, "content-type")).isEqualTo("application/json");
        assertThat(header(r, "access-control-allow-origin")).isEqualTo("*");
        assertThat(header(r, "server")).isEqualTo("jdrand-test/1");
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String v1(ChainInfo info, Beacon b) {
        return "{\"round\":" + b.round() + ",\"randomness\":\"" + Hex.encode(b.randomness()) + "\",\"signature\":\""
                + Hex.encode(b.signature()) + "\""
                + (info.scheme().chained() ? ",\"previous_signature\":\"" + Hex.encode(b.previousSignature()) + "\""
                        : "")
                + "}";
    }

    static String v2(ChainInfo info, Beacon b) {
        return "{\"round\":" + b.round() + ",\"signature\":\"" + Hex.encode(b.signature()) + "\""
                + (info.scheme().chained() ? ",\"previous_signature\":\"" + Hex.encode(b.previousSignature()) + "\""
                        : "")
                + "}";
    }

    static String httpDate(long unixSeconds) {
        return LiveChain.httpDate(unixSeconds);
    }

    // ---- v1 routes of the default chain

    @Test
    void infoIsTheV1ChainInfoOfTheDefaultChainCachedForAWeek() throws Exception {
        HttpResponse<String> r = get("/info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(header(r, "last-modified")).isEqualTo(httpDate(G));
        assertThat(r.body()).isEqualTo("{\"public_key\":\"" + Hex.encode(chained.publicKey()) + "\",\"period\":30,"
                + "\"genesis_time\":" + G + ",\"hash\":\"" + chained.hashHex() + "\",\"groupHash\":\""
                + Hex.encode(chained.genesisSeed()) + "\",\"schemeID\":\"pedersen-bls-chained\","
                + "\"metadata\":{\"beaconID\":\"default\"}}");
    }

    @Test
    void latestIsCachedUntilTheNextRoundWithExpiresAndLastModified() throws Exception {
        clock.setMillis(NOW * 1000 + 400); // 24.6 s to round 11: rounded up to 25
        HttpResponse<String> r = get("/public/latest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(r.body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 10)));
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=25");
        assertThat(header(r, "expires")).isEqualTo(httpDate(G + 300));
        assertThat(header(r, "last-modified")).isEqualTo(httpDate(G + 270));
    }

    @Test
    void latestMaxAgeFollowsTheClockAcrossSecondsThoughTheResponseIsEncodedOncePerSecond() throws Exception {
        clock.setMillis(NOW * 1000 + 400);
        assertThat(header(get("/public/latest"), "cache-control")).isEqualTo("public, max-age=25");
        clock.setMillis(NOW * 1000 + 999); // same second: same bytes
        assertThat(header(get("/public/latest"), "cache-control")).isEqualTo("public, max-age=25");
        clock.setMillis((NOW + 1) * 1000); // next second: re-encoded
        assertThat(header(get("/public/latest"), "cache-control")).isEqualTo("public, max-age=24");
        clock.setMillis((NOW + 7) * 1000 + 1);
        HttpResponse<String> v2 = get("/v2/beacons/default/rounds/latest");
        assertThat(header(v2, "cache-control")).isEqualTo("public, max-age=18");
        assertThat(v2.body()).isEqualTo(v2(chained, FakeChains.beacon(chained, 10)));
        assertThat(header(get("/public/latest"), "cache-control")).isEqualTo("public, max-age=18");
    }

    @Test
    void latestWhileTheDueRoundIsLateIsCachedForOneSecond() throws Exception {
        clock.setMillis((G + 300) * 1000 + 200); // round 11 due, not produced
        HttpResponse<String> r = get("/public/latest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=1");
        assertThat(json(r).get("round").asLong()).isEqualTo(10);
    }

    @Test
    void latestIsReplacedWhenTheSourcePublishes() throws Exception {
        clock.setMillis((G + 301) * 1000);
        chainedSource.append(FakeChains.beacon(chained, 11));
        HttpResponse<String> r = get("/public/latest");
        assertThat(r.body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 11)));
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=29");
    }

    @Test
    void pastRoundIsImmutableWithExactChainedJson() throws Exception {
        HttpResponse<String> r = get("/public/3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(header(r, "last-modified")).isEqualTo(httpDate(G + 60));
        Beacon b3 = FakeChains.beacon(chained, 3);
        assertThat(r.body()).isEqualTo(v1(chained, b3));
        JsonNode j = json(r);
        assertThat(j.get("round").isNumber()).isTrue();
        assertThat(j.get("previous_signature").asText()).isEqualTo(Hex.encode(FakeChains.signature(chained, 2)));
        assertThat(r.body()).isEqualTo(r.body().toLowerCase());
    }

    @Test
    void roundOneCarriesTheGenesisSeedAsPreviousSignature() throws Exception {
        JsonNode j = json(get("/public/1"));
        assertThat(j.get("previous_signature").asText()).isEqualTo(Hex.encode(chained.genesisSeed()));
    }

    @Test
    void latestRoundByNumberIsServedFromMemoryAsImmutable() throws Exception {
        HttpResponse<String> r = get("/public/10");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(r.body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 10)));
    }

    @Test
    void roundZeroIsLatest() throws Exception {
        HttpResponse<String> r = get("/public/0");
        assertThat(r.body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 10)));
        assertThat(header(r, "cache-control")).startsWith("public, max-age=");
        assertThat(header(r, "cache-control")).doesNotContain("immutable");
    }

    @Test
    void queryStringsAreIgnored() throws Exception {
        assertThat(get("/public/3?1700000123456").body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 3)));
        assertThat(get("/info?x=1&y").statusCode()).isEqualTo(200);
        assertThat(get("/public/latest?cachebust").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRoundsAre400WithAJsonError() throws Exception {
        for (String bad : List.of("abc", "-1", "1.5", "+3", "0x10", "18446744073709551616", "1e3")) {
            HttpResponse<String> r = get("/public/" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertCommonHeaders(r);
            assertThat(json(r).get("error").asText()).as(bad).contains("is not a round number");
        }
        assertThat(get("/v2/chains/" + chained.hashHex() + "/rounds/nope").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/x1").statusCode()).isEqualTo(400);
    }

    @Test
    void roundFurtherInTheFutureIs404CachedUntilItIsDue() throws Exception {
        HttpResponse<String> r = get("/public/20"); // due at G+570: 295 s from now
        assertThat(r.statusCode()).isEqualTo(404);
        assertCommonHeaders(r);
        assertThat(header(r, "cache-control")).isEqualTo("public, must-revalidate, max-age=295");
        assertThat(json(r).get("error").asText()).isEqualTo("round 20: not due yet");
    }

    @Test
    void roundsBeyondInt64AreFarFutureNotErrors() throws Exception {
        HttpResponse<String> r = get("/public/18446744073709551615");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "cache-control")).isEqualTo("public, must-revalidate, max-age=604800");
    }

    @Test
    void nextRoundIsHeldOpenUntilTheSourcePublishesIt() throws Exception {
        CompletableFuture<HttpResponse<String>> held = getAsync("/public/11?" + 123);
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 1); // read and waiting
        // a later request on the server completes while round 11 is still held
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();
        clock.setMillis((G + 300) * 1000 + 300);
        Beacon b11 = FakeChains.beacon(chained, 11);
        chainedSource.append(b11);
        await().atMost(Duration.ofSeconds(10)).until(held::isDone);
        HttpResponse<String> r = held.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(r.body()).isEqualTo(v1(chained, b11));
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
    }

    @Test
    void manyClientsWaitingForTheSameRoundAllGetIt() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held =
                List.of(getAsync("/public/11"), getAsync("/public/11?a"), getAsync("/api/public/11"),
                        getAsync("/v2/beacons/default/rounds/next"), getAsync("/v2/beacons/default/rounds/11"));
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 5); // all read and waiting
        held.forEach(f -> assertThat(f).isNotDone());
        chainedSource.append(FakeChains.beacon(chained, 11));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.stream().allMatch(CompletableFuture::isDone));
        for (CompletableFuture<HttpResponse<String>> f : held) {
            assertThat(f.get().statusCode()).isEqualTo(200);
            assertThat(json(f.get()).get("round").asLong()).isEqualTo(11);
        }
        assertThat(json(held.get(3).get()).has("randomness")).isFalse();
        assertThat(header(held.get(3).get(), "cache-control")).isEqualTo("must-revalidate, no-cache, max-age=0");
    }

    @Test
    void heldRoundThatIsNeverProducedIs503AfterOnePeriodPlusMargin() throws Exception {
        server.close();
        ChainInfo fast = FakeChains.info(Scheme.BLS_UNCHAINED_G1_RFC9380, "fast", 1, G, 9);
        clock.setMillis((G + 4) * 1000 + 500); // round 5 due; rounds 1..4 stored
        server = start(HttpConfig.of("127.0.0.1", 0).withServerHeader("jdrand-test/1")
                .withHoldMargin(Duration.ofMillis(200)), ChainRegistry.of(FakeChains.source(fast, 1, 4)));
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/public/5");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(1200).toNanos());
        assertThat(r.statusCode()).isEqualTo(503);
        assertCommonHeaders(r);
        assertThat(header(r, "retry-after")).isEqualTo("1");
        assertThat(header(r, "cache-control")).isEqualTo("must-revalidate, no-cache, max-age=0");
        assertThat(json(r).get("error").asText()).isEqualTo("round 5: not produced within 1200 ms");
    }

    @Test
    void roundDueButBehindTheNextIs404NoCache() throws Exception {
        clock.setMillis((G + 335) * 1000); // round 12 due; latest still 10
        HttpResponse<String> r = get("/public/12");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "cache-control")).isEqualTo("must-revalidate, no-cache, max-age=0");
    }

    @Test
    void pastRoundMissingFromTheStoreIs404AndAFailingStoreIs500() throws Exception {
        server.close();
        InMemoryBeaconSource gappy = FakeChains.source(chained, 5, 10); // synced from round 5 only
        server = start(HttpConfig.of("127.0.0.1", 0).withServerHeader("jdrand-test/1"), ChainRegistry.of(gappy,
                new FailingSource(unchainedSource)));
        HttpResponse<String> missing = get("/public/2");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("round 2: not stored");
        HttpResponse<String> failing = get("/v2/beacons/unchained/rounds/3");
        assertThat(failing.statusCode()).isEqualTo(500);
        assertCommonHeaders(failing);
        assertThat(json(failing).get("error").asText()).isEqualTo("round 3: reading failed");
    }

    @Test
    void pastRoundsAreReadFromTheSourceOnceThenServedFromMemory() throws Exception {
        server.close();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        BeaconSource counting = new FailingSource(chainedSource) {
            @Override
            public CompletableFuture<Optional<Beacon>> beacon(long round) {
                reads.incrementAndGet();
                return chainedSource.beacon(round);
            }
        };
        server = start(HttpConfig.of("127.0.0.1", 0).withServerHeader("jdrand-test/1"), ChainRegistry.of(counting));
        assertThat(get("/public/4").body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 4)));
        assertThat(get("/public/4").body()).isEqualTo(v1(chained, FakeChains.beacon(chained, 4)));
        assertThat(get("/v2/beacons/default/rounds/4").body()).isEqualTo(v2(chained, FakeChains.beacon(chained, 4)));
        assertThat(get("/public/10").statusCode()).isEqualTo(200); // latest: pushed, never read
        assertThat(reads).hasValue(1);
    }

    @Test
    void observerSeesEveryRequestIncludingHeldAndAbandonedOnes() throws Exception {
        server.close();
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        HttpObserver observer = method -> {
            inFlight.incrementAndGet();
            return status -> {
                inFlight.decrementAndGet();
                ended.add(method + " " + status);
            };
        };
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(chainedSource), clock, observer)
                .start();
        base = "http://127.0.0.1:" + server.port();
        get("/info");
        send("PATCH", "/info");
        send("HEAD", "/nope");
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.size() == 3);
        assertThat(ended).containsExactly("GET 200", "other 405", "HEAD 404");

        CompletableFuture<HttpResponse<String>> held = getAsync("/public/11");
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 1);
        try (Socket s = new Socket("127.0.0.1", server.port())) { // a client that leaves while held
            s.getOutputStream().write("GET /public/11 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.contains("GET 499"));
        chainedSource.append(FakeChains.beacon(chained, 11));
        assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 0);
        assertThat(ended).endsWith("GET 200");
    }

    @Test
    void healthIs200WhenCurrentAnd503WhenBehind() throws Exception {
        clock.setMillis(NOW * 1000 + 400);
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertCommonHeaders(ok);
        assertThat(ok.body()).isEqualTo("{\"current\":10,\"expected\":10}");
        assertThat(header(ok, "cache-control")).isEqualTo("public, must-revalidate, max-age=25");
        clock.setMillis((G + 305) * 1000); // round 11 due: one behind is still healthy
        assertThat(get("/health").statusCode()).isEqualTo(200);
        clock.setMillis((G + 335) * 1000);
        HttpResponse<String> behind = get("/health");
        assertThat(behind.statusCode()).isEqualTo(503);
        assertThat(behind.body()).isEqualTo("{\"current\":10,\"expected\":12}");
        assertThat(header(behind, "cache-control")).isEqualTo("no-cache");
    }

    @Test
    void chainsListsEveryChainHash() throws Exception {
        HttpResponse<String> r = get("/chains");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=300");
        assertThat(r.body()).isEqualTo("[\"" + chained.hashHex() + "\",\"" + unchained.hashHex() + "\",\""
                + quick.hashHex() + "\"]");
        assertThat(get("/v2/chains").body()).isEqualTo(r.body());
        assertThat(get("/v2/beacons").body()).isEqualTo("[\"default\",\"unchained\",\"quicknet\"]");
    }

    // ---- /{chainhash}/...

    @Test
    void chainHashPrefixedRoutesServeThatChain() throws Exception {
        String h = "/" + unchained.hashHex();
        HttpResponse<String> info = get(h + "/info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(json(info).get("schemeID").asText()).isEqualTo("pedersen-bls-unchained");
        assertThat(json(info).get("metadata").get("beaconID").asText()).isEqualTo("unchained");

        HttpResponse<String> b = get(h + "/public/4");
        assertThat(b.body()).isEqualTo(v1(unchained, FakeChains.beacon(unchained, 4)));
        assertThat(json(b).has("previous_signature")).isFalse();

        HttpResponse<String> latest = get(h + "/public/latest");
        assertThat(json(latest).get("round").asLong()).isEqualTo(10);
        assertThat(header(latest, "cache-control")).isEqualTo("public, max-age=2"); // round 11 at G+277
        assertThat(get(h + "/health").body()).isEqualTo("{\"current\":10,\"expected\":10}");

        HttpResponse<String> q = get("/" + quick.hashHex().toUpperCase() + "/public/2");
        assertThat(q.statusCode()).isEqualTo(200);
        assertThat(q.body()).isEqualTo(v1(quick, FakeChains.beacon(quick, 2)));
        assertThat(json(q).get("signature").asText()).hasSize(96);
    }

    @Test
    void badChainHashIs400AndUnknownChainIs404() throws Exception {
        HttpResponse<String> bad = get("/zz" + chained.hashHex().substring(2) + "/info");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertCommonHeaders(bad);
        assertThat(json(bad).get("error").asText()).contains("is not hex");
        String unknown = "ab".repeat(32);
        HttpResponse<String> missing = get("/" + unknown + "/public/latest");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("unknown chain");
        assertThat(get("/v2/chains/" + unknown + "/info").statusCode()).isEqualTo(404);
        assertThat(get("/v2/chains/xyz/info").statusCode()).isEqualTo(400);
        assertThat(get("/v2/beacons/nosuch/rounds/latest").statusCode()).isEqualTo(404);
    }

    // ---- v2

    @Test
    void v2InfoIsFlatWithoutMetadata() throws Exception {
        HttpResponse<String> r = get("/v2/chains/" + quick.hashHex() + "/info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(r.body()).isEqualTo("{\"public_key\":\"" + Hex.encode(quick.publicKey()) + "\",\"period\":3,"
                + "\"genesis_time\":" + (G + 247) + ",\"genesis_seed\":\"" + Hex.encode(quick.genesisSeed())
                + "\",\"chain_hash\":\"" + quick.hashHex() + "\",\"scheme\":\"bls-unchained-g1-rfc9380\","
                + "\"beacon_id\":\"quicknet\"}");
        assertThat(get("/v2/beacons/quicknet/info").body()).isEqualTo(r.body());
    }

    @Test
    void v2RoundsHaveNoRandomness() throws Exception {
        HttpResponse<String> r = get("/v2/chains/" + chained.hashHex() + "/rounds/7");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(r.body()).isEqualTo(v2(chained, FakeChains.beacon(chained, 7)));
        HttpResponse<String> latest = get("/v2/beacons/default/rounds/latest");
        assertThat(latest.body()).isEqualTo(v2(chained, FakeChains.beacon(chained, 10)));
        assertThat(header(latest, "cache-control")).isEqualTo("public, max-age=25");
        assertThat(get("/v2/beacons/unchained/rounds/5").body())
                .isEqualTo(v2(unchained, FakeChains.beacon(unchained, 5)));
        HttpResponse<String> health = get("/v2/beacons/quicknet/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"current\":10,\"expected\":10}");
        assertThat(get("/v2/chains/" + quick.hashHex() + "/health").statusCode()).isEqualTo(200);
    }

    // ---- legacy /api/public

    @Test
    void legacyApiPublicHasThe2019Shape() throws Exception {
        HttpResponse<String> r = get("/api/public");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=25");
        Beacon b10 = FakeChains.beacon(chained, 10);
        assertThat(r.body()).isEqualTo("{\"round\":10,\"previous\":\"" + Hex.encode(b10.previousSignature())
                + "\",\"randomness\":{\"gid\":22,\"point\":\"" + Hex.encode(b10.signature()) + "\"}}");
        HttpResponse<String> r3 = get("/api/public/3");
        assertThat(header(r3, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(json(r3).get("randomness").get("point").asText())
                .isEqualTo(Hex.encode(FakeChains.signature(chained, 3)));
        assertThat(get("/api/public/99").statusCode()).isEqualTo(404);
    }

    // ---- methods, CORS, malformed requests

    @Test
    void headHasTheHeadersOfGetWithoutABody() throws Exception {
        HttpResponse<String> r = send("HEAD", "/public/3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertCommonHeaders(r);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "content-length"))
                .isEqualTo(String.valueOf(v1(chained, FakeChains.beacon(chained, 3)).length()));
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
    }

    @Test
    void ifModifiedSinceGets304ForUnchangedResources() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/public/3"))
                .header("If-Modified-Since", httpDate(G + 60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "cache-control")).isEqualTo("public, max-age=604800, immutable");
        assertThat(header(r, "last-modified")).isEqualTo(httpDate(G + 60));
        HttpResponse<String> older = client.send(HttpRequest.newBuilder(URI.create(base + "/public/3"))
                .header("If-Modified-Since", httpDate(G + 59)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(older.statusCode()).isEqualTo(200);
        HttpResponse<String> latest = client.send(HttpRequest.newBuilder(URI.create(base + "/public/latest"))
                .header("If-Modified-Since", httpDate(G + 270)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(latest.statusCode()).isEqualTo(304);
        chainedSource.append(FakeChains.beacon(chained, 11)); // latest changed: full answer again
        HttpResponse<String> newer = client.send(HttpRequest.newBuilder(URI.create(base + "/public/latest"))
                .header("If-Modified-Since", httpDate(G + 270)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(newer.statusCode()).isEqualTo(200);
        assertThat(json(newer).get("round").asLong()).isEqualTo(11);
        HttpResponse<String> garbage = client.send(HttpRequest.newBuilder(URI.create(base + "/public/3"))
                .header("If-Modified-Since", "yesterday").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(200);
    }

    @Test
    void corsPreflightIsAnswered() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/public/latest"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.org")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-requested-with")
                .build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "access-control-allow-origin")).isEqualTo("*");
        assertThat(header(r, "access-control-allow-methods")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(header(r, "access-control-allow-headers")).isEqualTo("x-requested-with");
        assertThat(header(r, "access-control-max-age")).isEqualTo("86400");
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = send(m, "/public/latest");
            assertThat(r.statusCode()).as(m).isEqualTo(405);
            assertThat(header(r, "allow")).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(json(r).get("error").asText()).isEqualTo("method " + m + " not allowed");
        }
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        // "/" is the status page (StatusPageRoutesTest)
        for (String p : List.of("/favicon.ico", "/public", "/public/1/2", "/v2", "/v2/chains/x", "/api",
                "/info/extra", "/foo/bar")) {
            HttpResponse<String> r = get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
            assertThat(json(r).get("error").asText()).as(p).startsWith("no route for");
        }
    }

    @Test
    void malformedPercentEncodingIs400() throws Exception {
        assertThat(raw("GET /public/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 1).get(0)).startsWith("http/1.1 400");
    }

    @Test
    void hugeUriIs414AndTheConnectionCloses() throws Exception {
        String uri = "/public/" + "1".repeat(5000);
        List<String> responses = raw("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n", 1);
        assertThat(responses.get(0)).startsWith("http/1.1 414").contains("connection: close");
    }

    @Test
    void garbageRequestIs400() throws Exception {
        List<String> responses = raw("HELLO\r\n\r\n", 1);
        assertThat(responses.get(0)).startsWith("http/1.1 400").contains("\"error\":\"malformed request\"");
    }

    @Test
    void connectionCloseAndHttp10AreHonoured() throws Exception {
        List<String> closed = raw("GET /public/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + "GET /public/4 HTTP/1.1\r\nHost: x\r\n\r\n", 1);
        assertThat(closed.get(0)).startsWith("http/1.1 200").contains("connection: close").contains("\"round\":3");
        assertThatThrownBy(() -> raw("GET /public/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + "GET /public/4 HTTP/1.1\r\nHost: x\r\n\r\n", 2))
                .hasMessageContaining("connection closed after 1 responses");
        List<String> http10 = raw("GET /public/3 HTTP/1.0\r\n\r\n", 1);
        assertThat(http10.get(0)).contains("connection: close");
        List<String> keepAlive10 = raw("GET /public/3 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /public/4 HTTP/1.0\r\n\r\n", 2);
        assertThat(keepAlive10.get(0)).contains("connection: keep-alive").contains("\"round\":3");
        assertThat(keepAlive10.get(1)).contains("connection: close").contains("\"round\":4");
    }

    @Test
    void requestBodiesAreDroppedAndAnOversizedOneClosesTheConnection() throws Exception {
        List<String> small = raw("GET /public/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /public/4 HTTP/1.1\r\nHost: x\r\n\r\n", 2);
        assertThat(small.get(0)).contains("\"round\":3");
        assertThat(small.get(1)).contains("\"round\":4");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /public/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[4096];
            InputStream in = s.getInputStream();
            // the 405 comes first; the server then drops the connection once the body passes 8 KiB:
            // the client sees end of stream or a reset, never its read timeout
            Throwable t = catchThrowable(() -> {
                for (int i = 0; i < 25; i++) {
                    out.write(chunk);
                    out.flush();
                }
                while (in.read() >= 0) {
                    // drain the 405 until the server closes
                }
                throw new IOException("closed by the server");
            });
            assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void preflightEchoesOnlyHeaderNameLists() throws Exception {
        List<String> ok = raw("OPTIONS /public/latest HTTP/1.1\r\nHost: x\r\n"
                + "Access-Control-Request-Headers: x-a, X-B\r\n\r\n", 1);
        assertThat(ok.get(0)).startsWith("http/1.1 204").contains("access-control-allow-headers: x-a, x-b");
        List<String> bad = raw("OPTIONS /public/latest HTTP/1.1\r\nHost: x\r\n"
                + "Access-Control-Request-Headers: x-a; set-cookie=1\r\n\r\n", 1);
        assertThat(bad.get(0)).startsWith("http/1.1 400").doesNotContain("set-cookie");
    }

    @Test
    void pipelinedResponsesKeepRequestOrderWhileTheFirstIsHeld() throws Exception {
        String reqs = "GET /public/11 HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /info HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /public/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        CompletableFuture<List<String>> answers = CompletableFuture.supplyAsync(() -> {
            try {
                return raw(reqs, 3);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 3); // all three read
        assertThat(answers).isNotDone();
        chainedSource.append(FakeChains.beacon(chained, 11));
        await().atMost(Duration.ofSeconds(10)).until(answers::isDone);
        List<String> r = answers.get();
        assertThat(r.get(0)).contains("\"round\":11");
        assertThat(r.get(1)).contains("\"schemeID\"");
        assertThat(r.get(2)).contains("\"round\":2");
    }

    /** Sends {@code text} on one connection and reads {@code n} responses (Content-Length framed). */
    List<String> raw(String text, int n) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            List<String> responses = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        throw new IOException("connection closed after " + responses.size() + " responses");
                    }
                    head.append((char) c);
                }
                String h = head.toString().toLowerCase();
                int at = h.indexOf("content-length: ");
                int len = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
                byte[] body = in.readNBytes(len);
                responses.add(h + new String(body, StandardCharsets.UTF_8));
            }
            return responses;
        }
    }

    /** A source whose reads of past rounds fail, as a broken store would. */
    static class FailingSource implements BeaconSource {
        private final BeaconSource delegate;

        FailingSource(BeaconSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public ChainInfo info() {
            return delegate.info();
        }

        @Override
        public CompletableFuture<Optional<Beacon>> latest() {
            return delegate.latest();
        }

        @Override
        public CompletableFuture<Optional<Beacon>> beacon(long round) {
            return CompletableFuture.failedFuture(new IOException("disk on fire"));
        }

        @Override
        public Subscription subscribe(Consumer<Beacon> listener) {
            return delegate.subscribe(listener);
        }
    }
}
