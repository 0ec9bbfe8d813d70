package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /v2/chains/{hash}/rounds?from=A&to=B} against a real server on a free port. */
@Timeout(60)
class RangeApiTest {
    static final long G = 1_700_000_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    final ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, G, 1);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpApiService server;
    String base;

    /** Counts the rounds the server reads from the source, to see how far it runs ahead of the client. */
    static final class CountingSource implements BeaconSource {
        final InMemoryBeaconSource inner;
        final AtomicLong reads = new AtomicLong();

        CountingSource(InMemoryBeaconSource inner) {
            this.inner = inner;
        }

        @Override
        public ChainInfo info() {
            return inner.info();
        }

        @Override
        public CompletableFuture<Optional<Beacon>> latest() {
            return inner.latest();
        }

        @Override
        public CompletableFuture<Optional<Beacon>> beacon(long round) {
            reads.incrementAndGet();
            return inner.beacon(round);
        }

        @Override
        public Subscription subscribe(Consumer<Beacon> listener) {
            return inner.subscribe(listener);
        }
    }

    HttpApiService start(BeaconSource source, long nowSeconds) throws Exception {
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(1), ChainRegistry.of(source),
                MutableClock.atSeconds(nowSeconds)).start();
        base = "http://127.0.0.1:" + server.port() + "/v2/chains/" + info.hashHex() + "/rounds";
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPastRangeIsTheRoundsInOrderImmutable() throws Exception {
        InMemoryBeaconSource source = FakeChains.source(info, 1, 250);
        start(source, G + 3 * 260);
        HttpResponse<String> r = get(base + "?from=7&to=233");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=604800, immutable");
        assertThat(r.headers().firstValue("last-modified")).hasValue(LiveChain.httpDate(info.timeOfRound(233)));
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
        JsonNode array = JSON.readTree(r.body());
        assertThat(array.size()).isEqualTo(227);
        for (int i = 0; i < array.size(); i++) {
            long round = 7 + i;
            // each element is exactly the single-round v2 body
            assertThat(JSON.writeValueAsString(array.get(i)))
                    .isEqualTo(HttpApiServiceTest.v2(info, FakeChains.beacon(info, round)));
        }
        // the same range by beacon ID, and a single round
        assertThat(get("http://127.0.0.1:" + server.port() + "/v2/beacons/default/rounds?from=7&to=233").body())
                .isEqualTo(r.body());
        assertThat(JSON.readTree(get(base + "?from=250&to=250").body()).size()).isEqualTo(1);
    }

    @Test
    void aRangePastTheLatestStopsAtTheLatestUncached() throws Exception {
        start(FakeChains.source(info, 1, 20), G + 3 * 20);
        HttpResponse<String> r = get(base + "?from=15&to=40");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("cache-control")).hasValue("must-revalidate, no-cache, max-age=0");
        JsonNode array = JSON.readTree(r.body());
        assertThat(array.size()).isEqualTo(6);
        assertThat(array.get(5).get("round").asLong()).isEqualTo(20);
    }

    @Test
    void invalidBoundsAre400WithTheReason() throws Exception {
        start(FakeChains.source(info, 1, 20), G + 3 * 20);
        assertError(base, 400, "range: from is missing (expected ?from=A&to=B)");
        assertError(base + "?from=3", 400, "range: to is missing (expected ?from=A&to=B)");
        assertError(base + "?from=abc&to=4", 400,
                "range: from \"abc\" is not a round number (expected a base-10 integer from 1 to 10^18)");
        assertError(base + "?from=1&to=-4", 400,
                "range: to \"-4\" is not a round number (expected a base-10 integer from 1 to 10^18)");
        assertError(base + "?from=0&to=4", 400, "range: from 0 (expected a round ≥ 1)");
        assertError(base + "?from=9&to=5", 400, "range: to 5 is before from 9 (expected from ≤ to)");
        assertError(base + "?from=1&to=10001", 400, "range: 10001 rounds (expected at most 10000)");
        assertError(base + "?from=1&from=2&to=3", 400, "range: from given 2 times (expected once)");
        assertError(base + "?from=99999999999999999999&to=3", 400,
                "range: from \"99999999999999999999\" is not a round number (expected a base-10 integer from 1 to 10^18)");
        assertError(base + "?from=21&to=30", 404, "range: round 21 not produced yet (latest 20)");
        // exactly the maximum is accepted
        assertThat(get(base + "?from=1&to=10000").statusCode()).isEqualTo(200);
    }

    @Test
    void aRoundMissingFromTheStoreIs404BeforeAnyBody() throws Exception {
        InMemoryBeaconSource holes = new InMemoryBeaconSource(info);
        for (long r = 1; r <= 20; r++) {
            if (r != 5) {
                holes.append(FakeChains.beacon(info, r));
            }
        }
        start(holes, G + 3 * 20);
        assertError(base + "?from=2&to=9", 404, "range: round 5 not stored");
    }

    /** A range between two pipelined requests on one keep-alive connection: all three answered, in order. */
    @Test
    void pipelinedRequestsAroundARangeAreAnsweredInOrder() throws Exception {
        start(FakeChains.source(info, 1, 300), G + 3 * 300);
        String path = "/v2/chains/" + info.hashHex() + "/rounds";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET " + path + "/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET " + path + "?from=1&to=250 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD " + path + "?from=1&to=3 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET " + path + "/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int first = all.indexOf("HTTP/1.1 200");
            int range = all.indexOf("HTTP/1.1 200", first + 1);
            int head = all.indexOf("HTTP/1.1 200", range + 1);
            int last = all.indexOf("HTTP/1.1 200", head + 1);
            assertThat(first).isZero();
            assertThat(range).isPositive();
            assertThat(head).isGreaterThan(range);
            assertThat(last).isGreaterThan(head);
            assertThat(all.substring(first, range)).contains("\"round\":1,");
            String rangeResponse = all.substring(range, head);
            String rangeBody = rangeResponse.substring(rangeResponse.indexOf("\r\n\r\n") + 4);
            assertThat(JSON.readTree(dechunk(rangeBody)).size()).isEqualTo(250);
            // HEAD: the head only, no chunk at all
            assertThat(all.substring(head, last)).contains("transfer-encoding: chunked").endsWith("\r\n\r\n")
                    .doesNotContain("[");
            assertThat(all.substring(last)).contains("\"round\":2,");
        }
    }

    @Test
    void anHttp10ClientGetsTheRangeUnchunkedUntilTheClose() throws Exception {
        start(FakeChains.source(info, 1, 20), G + 3 * 20);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET /v2/chains/" + info.hashHex() + "/rounds?from=3&to=7 HTTP/1.0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 200").doesNotContain("transfer-encoding").contains("connection: close");
            JsonNode array = JSON.readTree(all.substring(all.indexOf("\r\n\r\n") + 4));
            assertThat(array.size()).isEqualTo(5);
        }
    }

    void assertError(String url, int status, String message) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo(message);
    }

    /**
     * 10,000 rounds to a client that stops reading after the head: the server stops reading from
     * the source once the connection takes no more (kernel buffers included), and once the client
     * reads on every round arrives in order. The read-ahead is printed (docs/PERFORMANCE.md).
     */
    @Test
    @Timeout(120)
    void tenThousandRoundsStreamWithBoundedReadAhead() throws Exception {
        CountingSource source = new CountingSource(FakeChains.source(info, 1, 10_000));
        start(source, G + 3 * 10_000);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.getOutputStream().write(("GET /v2/chains/" + info.hashHex() + "/rounds?from=1&to=10000 HTTP/1.1\r\n"
                    + "Host: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            // the client reads nothing: wait until the server's reads stop growing
            long[] seen = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = source.reads.get();
                boolean still = now == seen[0] && now > 0;
                seen[0] = now;
                return still;
            });
            long readAhead = source.reads.get();
            System.out.printf("range 10000: stalled client, server read %d rounds ahead (%d bytes of JSON)%n",
                    readAhead, readAhead * HttpApiServiceTest.v2(info, FakeChains.beacon(info, 1)).length());
            // what the kernel's socket buffers take varies by machine (here ~2 MiB); the JVM's own share
            // is bounded by RangeStreamTest

            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                if (endsWith(all, "\r\n0\r\n\r\n")) {
                    break;
                }
            }
            String text = all.toString(StandardCharsets.US_ASCII);
            int bodyAt = text.indexOf("\r\n\r\n") + 4;
            assertThat(text.substring(0, bodyAt)).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked");
            JsonNode array = JSON.readTree(dechunk(text.substring(bodyAt)));
            assertThat(array.size()).isEqualTo(10_000);
            for (int i = 0; i < array.size(); i++) {
                assertThat(array.get(i).get("round").asLong()).isEqualTo(i + 1);
            }
            assertThat(source.reads.get()).as("each round read once; the latest is in memory").isEqualTo(9_999);
        }
    }

    private static boolean endsWith(ByteArrayOutputStream out, String suffix) {
        byte[] b = out.toByteArray();
        if (b.length < suffix.length()) {
            return false;
        }
        return new String(b, b.length - suffix.length(), suffix.length(), StandardCharsets.US_ASCII).equals(suffix);
    }

    /** Decodes an HTTP/1.1 chunked body. */
    static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }
}
