package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.Scheme;
import org.jdrand.node.metrics.MetricsService;
import org.jdrand.node.metrics.NodeMetrics;
import org.junit.jupiter.api.Test;

/**
 * A daemon's metrics scraped over HTTP while a 3-node network (t = 2, real gRPC, fake clock)
 * produces rounds: last_beacon_round follows the chain, the latency histogram counts produced
 * beacons, a stopped peer shows up in error_sending_partial and
 * dial_failures and leaves outgoing_group_connections.
 */
class NodeMetricsNetworkTest {
    private final HttpClient web = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(MetricsService s, String path) throws Exception {
        return web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void scrapedMetricsFollowTheChain() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "default")) {
            NodeMetrics metrics = NodeMetrics.forNode(net.daemons[0].supervisor(), 1_700_000_000L, "2.1.0", "dev", 0);
            metrics.clockSkew(net.daemons[0].clockSkew());
            try (MetricsService service = new MetricsService(MetricsService.parseFlag("0"), metrics).start()) {
                assertThat(service.address().getAddress().isLoopbackAddress()).isTrue();
                net.startAll();
                net.runRounds(1, 3, TestNetwork.all(3));

                HttpResponse<String> r = get(service, "/metrics");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
                String text = r.body();
                assertThat(value(text, "last_beacon_round{beacon_id=\"default\"}")).isEqualTo(3.0);
                assertThat(value(text, "group_size{beacon_id=\"default\"}")).isEqualTo(3.0);
                assertThat(value(text, "group_threshold{beacon_id=\"default\"}")).isEqualTo(2.0);
                // fake clock stands on the boundary: every produced beacon lands in the first bucket
                assertThat(value(text, "beacon_discrepancy_latency_ms_count{beacon_id=\"default\"}")).isEqualTo(3.0);
                assertThat(value(text, "beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"5.0\"}"))
                        .isEqualTo(3.0);
                assertThat(text).contains("drand_node_db{beaconID=\"default\",db_type=\"keptstore\"} 0.0");
                assertThat(value(text, "outgoing_group_connections")).isEqualTo(2.0);
                // JVM and process metrics on the same registry
                assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"}").contains("process_cpu_seconds_total");

                assertThat(get(service, "/").statusCode()).isEqualTo(404);
                assertThat(get(service, "/metricsx").statusCode()).isEqualTo(404);

                // node 2 gone: the next rounds still come (2 of 3), and its address is counted
                String peer2 = "127.0.0.1:" + net.ports[2];
                net.stop(2);
                net.runRounds(4, 5, 0, 1);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    String t = get(service, "/metrics").body();
                    assertThat(value(t, "last_beacon_round{beacon_id=\"default\"}")).isEqualTo(5.0);
                    assertThat(value(t, "beacon_discrepancy_latency_ms_count{beacon_id=\"default\"}")).isEqualTo(5.0);
                    // drand's gauge: 1 while the last partial to the address failed
                    assertThat(value(t, "error_sending_partial{address=\"" + peer2
                            + "\",beaconID=\"default\"}")).isEqualTo(1.0);
                    assertThat(value(t, "dial_failures{peer_address=\"" + peer2 + "\"}"))
                            .isGreaterThanOrEqualTo(1.0);
                    assertThat(value(t, "outgoing_group_connections")).isEqualTo(1.0);
                });
            }
        }
    }
}
