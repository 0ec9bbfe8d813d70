package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /v2/chains/{hash}/rounds/stream} (Server-Sent Events) against a real server on a free port. */
@Timeout(60)
class EventStreamTest {
    static final long G = 1_700_000_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    final ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, G, 1);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpApiService server;
    String url;

    void start(InMemoryBeaconSource source) throws Exception {
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(1), ChainRegistry.of(source),
                MutableClock.atSeconds(G + 3_000)).start();
        url = "http://127.0.0.1:" + server.port() + "/v2/chains/" + info.hashHex() + "/rounds/stream";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdReceivesEveryRoundOnce() throws Exception {
        InMemoryBeaconSource source = FakeChains.source(info, 1, 5);
        start(source);
        List<Long> received = new ArrayList<>();
        try (SseClient sse = new SseClient(client, url, null)) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(sse.response.headers().firstValue("cache-control")).hasValue("must-revalidate, no-cache, max-age=0");
            SseClient.Event first = sse.next();
            assertThat(first.id()).as("a new client starts at the latest round").isEqualTo(5);
            assertThat(first.data()).isEqualTo(HttpApiServiceTest.v1(info, FakeChains.beacon(info, 5)));
            received.add(first.id());
            source.append(FakeChains.beacon(info, 6));
            source.append(FakeChains.beacon(info, 7));
            received.add(sse.next().id());
            received.add(sse.next().id());
        }
        // rounds produced while the client is away
        source.append(FakeChains.beacon(info, 8));
        source.append(FakeChains.beacon(info, 9));
        try (SseClient sse = new SseClient(client, url, received.get(received.size() - 1))) {
            received.add(sse.next().id());
            received.add(sse.next().id());
            source.append(FakeChains.beacon(info, 10));
            SseClient.Event tenth = sse.next();
            assertThat(tenth.data()).isEqualTo(HttpApiServiceTest.v1(info, FakeChains.beacon(info, 10)));
            received.add(tenth.id());
            assertThat(sse.poll(Duration.ofMillis(300))).as("nothing sent twice").isNull();
        }
        assertThat(received).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void aReplayRacingNewRoundsHasNoGapAndNoDuplicate() throws Exception {
        InMemoryBeaconSource source = FakeChains.source(info, 1, 450);
        start(source);
        try (SseClient sse = new SseClient(client, url, 0L)) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (long r = 451; r <= 700; r++) {
                    source.append(FakeChains.beacon(info, r));
                }
            });
            for (long r = 1; r <= 700; r++) {
                SseClient.Event e = sse.next();
                assertThat(e.id()).isEqualTo(r);
                assertThat(JSON.readTree(e.data()).get("round").asLong()).isEqualTo(r);
            }
            producer.get();
            assertThat(sse.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aStreamOnAChainWithNoBeaconYetStartsWithTheFirst() throws Exception {
        InMemoryBeaconSource source = new InMemoryBeaconSource(info);
        start(source);
        try (SseClient sse = new SseClient(client, url, null)) {
            source.append(FakeChains.beacon(info, 1));
            assertThat(sse.next().id()).isEqualTo(1);
        }
    }

    @Test
    void aMalformedLastEventIdIs400() throws Exception {
        start(FakeChains.source(info, 1, 5));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Last-Event-ID", "round-7").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText())
                .isEqualTo("last-event-id: \"round-7\" is not a round number (expected a base-10 integer)");
    }

    @Test
    void theStreamIsAlsoServedByBeaconId() throws Exception {
        start(FakeChains.source(info, 1, 5));
        try (SseClient sse = new SseClient(client,
                "http://127.0.0.1:" + server.port() + "/v2/beacons/default/rounds/stream", 3L)) {
            assertThat(sse.next().id()).isEqualTo(4);
            assertThat(sse.next().id()).isEqualTo(5);
        }
    }
}
