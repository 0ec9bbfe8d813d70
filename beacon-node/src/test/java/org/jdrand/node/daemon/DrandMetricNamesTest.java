package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.Scheme;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.http.EngineBeaconSource;
import org.jdrand.node.metrics.MetricsService;
import org.jdrand.node.metrics.NodeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scrapes {@code /metrics} of a node in a running 3-node network (one peer stopped, HTTP traffic
 * served) and finds drand's metric families by drand's name and type, counters with client_java's
 * {@code _total} suffix (drand
 * internal/metrics/metrics.go; docs/METRICS.md lists them side by side with ours).
 */
@Timeout(180)
class DrandMetricNamesTest {
    /** drand's node metrics that jdrand exports under drand's name, with drand's type. */
    static final Map<String, String> DRAND = new LinkedHashMap<>();
    /** drand's counters: client_java 1.x names the family and its sample {@code <name>_total}. */
    static final java.util.List<String> DRAND_COUNTERS = java.util.List.of("dial_failures", "error_sending_partial",
            "http_call_counter");

    static {
        DRAND.put("outgoing_group_connections", "gauge");
        DRAND.put("group_size", "gauge");
        DRAND.put("group_threshold", "gauge");
        DRAND.put("beacon_discrepancy_latency", "gauge");
        DRAND.put("last_beacon_round", "gauge");
        DRAND.put("drand_build_time", "untyped");
        DRAND.put("outgoing_connection_state", "gauge");
        DRAND.put("is_drand_node", "gauge");
        DRAND.put("drand_start_timestamp", "gauge");
        DRAND.put("drand_node_db", "gauge");
        DRAND.put("http_response_duration", "histogram");
        DRAND.put("http_in_flight", "gauge");
    }

    static Map<String, String> families(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void everyDrandMetricIsScrapedWithDrandsNameAndType() throws Exception {
        HttpClient web = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService reads = Executors.newFixedThreadPool(1);
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "default")) {
            NodeMetrics metrics = NodeMetrics.forNode(net.daemons[0].supervisor(), 1_700_000_000L, "2.1.0", "dev", 0);
            try (MetricsService service = new MetricsService(MetricsService.parseFlag("0"), metrics).start()) {
                net.startAll();
                net.runRounds(1, 2, TestNetwork.all(3));
                net.stop(2); // partial sends and dials to node 2 now fail
                net.runRounds(3, 4, 0, 1);
                try (HttpApiService http = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                        EngineBeaconSource.registry(net.daemons[0].supervisor().beacons(), reads), net.clock,
                        metrics.httpObserver()).start()) {
                    web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/public/latest"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                // failed sends to node 2 are counted asynchronously: scrape until every family is there
                String metricsUrl = "http://127.0.0.1:" + service.address().getPort() + "/metrics";
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            String text = web.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                                    HttpResponse.BodyHandlers.ofString()).body();
                            Map<String, String> scraped = families(text);
                            DRAND.forEach((name, type) -> assertThat(scraped).as(name).containsEntry(name, type));
                            DRAND_COUNTERS.forEach(name -> assertThat(scraped).as(name)
                                    .containsEntry(name + "_total", "counter"));
                            // drand's gauge of the last latency, and our histogram of every one beside it
                            assertThat(text).containsPattern(
                                    "(?m)^beacon_discrepancy_latency\\{beacon_id=\"default\"} \\S+$");
                            assertThat(scraped).containsEntry("beacon_discrepancy_latency_ms", "histogram");
                            assertThat(text).contains("outgoing_connection_state{remote_host=\"127.0.0.1:"
                                    + net.ports[1] + "\"} 2.0");
                        });
            }
        } finally {
            reads.shutdownNow();
        }
    }
}
