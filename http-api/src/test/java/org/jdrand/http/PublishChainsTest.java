package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's beacons come and go while its public listener stays bound: published chains are
 * served on the same port, a replaced source keeps held requests, a dropped chain stops.
 */
@Timeout(60)
class PublishChainsTest {
    static final long G = 1_700_000_000L;

    final MutableClock clock = MutableClock.atSeconds(G + 275);
    final ChainInfo chained = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 30, G, 1);
    final ChainInfo quick = FakeChains.info(Scheme.BLS_UNCHAINED_G1_RFC9380, "quicknet", 3, G + 247, 3);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Requests read and not answered yet. */
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    HttpApiService server;
    int port;

    @BeforeEach
    void start() throws Exception {
        HttpObserver counting = method -> {
            inFlight.incrementAndGet();
            return status -> inFlight.decrementAndGet();
        };
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(1), ChainRegistry.none(), clock,
                counting).start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void beforeAnyChainTheChainRoutesAre503AndTheStatusPageIsServed() throws Exception {
        HttpResponse<String> latest = get("/public/latest");
        assertThat(latest.statusCode()).isEqualTo(503);
        assertThat(latest.body()).contains("no chain yet");
        assertThat(get("/api/public").statusCode()).isEqualTo(503);
        assertThat(get("/chains").body()).isEqualTo("[]");
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/no/such/route").statusCode()).isEqualTo(404);
    }

    @Test
    void aPublishedChainIsServedOnTheSamePort() throws Exception {
        server.publish(ChainRegistry.of(FakeChains.source(chained, 1, 10), FakeChains.source(quick, 1, 4)));

        assertThat(server.port()).isEqualTo(port);
        assertThat(get("/public/latest").body()).contains("\"round\":10");
        assertThat(get("/v2/beacons/quicknet/rounds/4").statusCode()).isEqualTo(200);
        assertThat(get("/chains").body()).contains(chained.hashHex()).contains(quick.hashHex());
    }

    @Test
    void aReplacedSourceOfTheSameChainAnswersTheRequestsHeldOnTheOldOne() throws Exception {
        InMemoryBeaconSource before = FakeChains.source(chained, 1, 10);
        server.publish(ChainRegistry.of(before));
        CompletableFuture<HttpResponse<String>> next = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/beacons/default/rounds/next"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 1); // held for round 11

        InMemoryBeaconSource after = FakeChains.source(chained, 1, 10); // a reshare restarted the process
        server.publish(ChainRegistry.of(after));
        after.append(FakeChains.beacon(chained, 11));
        before.append(FakeChains.beacon(chained, 12)); // the old producer is no longer followed

        HttpResponse<String> r = next.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"round\":11");
        assertThat(before.subscriberCount()).isZero();
        assertThat(get("/public/latest").body()).contains("\"round\":11");
    }

    @Test
    void aDroppedChainIsNoLongerServedAndTheOthersAre() throws Exception {
        server.publish(ChainRegistry.of(FakeChains.source(chained, 1, 10), FakeChains.source(quick, 1, 4)));
        server.publish(ChainRegistry.of(FakeChains.source(quick, 1, 4)));

        assertThat(get("/v2/beacons/default/rounds/10").statusCode()).isEqualTo(404);
        assertThat(get("/public/latest").body()).contains("\"round\":4"); // quicknet is the default now
        server.publish(ChainRegistry.none());
        assertThat(get("/public/latest").statusCode()).isEqualTo(503);
        assertThat(server.port()).isEqualTo(port);
    }

    @Test
    void publishingTheSameSourceAgainChangesNothing() throws Exception {
        InMemoryBeaconSource source = FakeChains.source(chained, 1, 10);
        server.publish(ChainRegistry.of(source));
        server.publish(ChainRegistry.of(source)); // the same source again: nothing changes

        assertThat(source.subscriberCount()).isEqualTo(1);
        assertThat(get("/public/latest").body()).contains("\"round\":10");
    }
}
