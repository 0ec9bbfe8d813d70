package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.http.EngineBeaconSource;
import org.jdrand.node.relay.RelayCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The jdrand HTTP extensions on a running 3-node network: the rounds event stream (resumed with
 * Last-Event-ID) from a relay started as {@code jdrand relay} parses it, and from a node; and a
 * range of rounds read from the node's store, every beacon of it valid.
 */
@Timeout(180)
class StreamingHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the next {@code count} event ids of an SSE response (blank-line separated events). */
    static List<Long> ids(BufferedReader in, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        String line;
        while (ids.size() < count && (line = in.readLine()) != null) {
            if (line.startsWith("id: ")) {
                ids.add(Long.parseLong(line.substring(4)));
            }
        }
        return ids;
    }

    static HttpResponse<InputStream> open(HttpClient client, String url, Long lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId.toString());
        }
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        return r;
    }

    static BufferedReader lines(HttpResponse<InputStream> r) {
        return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void relayAndNodeStreamEveryRoundOnceAcrossAReconnect() throws Exception {
        ExecutorService reads = Executors.newFixedThreadPool(2);
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "quicknet").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            RelayCommand cmd = new RelayCommand();
            new CommandLine(cmd).parseArgs("--upstream", "127.0.0.1:" + net.ports[0], "--listen", "127.0.0.1:0",
                    "--beacon-id", "quicknet", "--chain-hash", info.hashHex());
            HttpClient client = HttpClient.newHttpClient();
            try (RelayCommand.Running relay = cmd.start(net.clock, TestNetwork.BACKEND, new PrometheusRegistry());
                    HttpApiService node = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                            EngineBeaconSource.registry(net.daemons[1].supervisor().beacons(), reads), net.clock).start()) {
                String relayStream = "http://127.0.0.1:" + relay.httpPort() + "/v2/chains/" + info.hashHex()
                        + "/rounds/stream";
                String nodeBase = "http://127.0.0.1:" + node.port() + "/v2/chains/" + info.hashHex();
                List<Long> received = new ArrayList<>();
                HttpResponse<InputStream> first = open(client, relayStream, null);
                try (BufferedReader in = lines(first)) {
                    received.addAll(ids(in, 1)); // the latest: 5
                    net.runRounds(6, 7, TestNetwork.all(3));
                    received.addAll(ids(in, 2));
                }
                net.runRounds(8, 9, TestNetwork.all(3));
                await().atMost(Duration.ofSeconds(20)).until(() -> relay.sources().get(0).lastRound() == 9);
                try (BufferedReader in = lines(open(client, relayStream, received.get(received.size() - 1)))) {
                    received.addAll(ids(in, 2));
                }
                assertThat(received).containsExactly(5L, 6L, 7L, 8L, 9L);

                // the node replays from its store after Last-Event-ID 2
                try (BufferedReader in = lines(open(client, nodeBase + "/rounds/stream", 2L))) {
                    assertThat(ids(in, 7)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
                }

                HttpResponse<String> range = client.send(HttpRequest.newBuilder(
                        URI.create(nodeBase + "/rounds?from=1&to=9")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(range.statusCode()).isEqualTo(200);
                assertThat(range.headers().firstValue("cache-control")).hasValue("public, max-age=604800, immutable");
                JsonNode array = JSON.readTree(range.body());
                assertThat(array.size()).isEqualTo(9);
                for (int i = 0; i < 9; i++) {
                    Beacon b = new Beacon(i + 1, Hex.decode(array.get(i).get("signature").asText()), null);
                    assertThat(net.verifier().isValid(b)).as("round " + (i + 1)).isTrue();
                }
            } finally {
                reads.shutdownNow();
            }
        }
    }
}
