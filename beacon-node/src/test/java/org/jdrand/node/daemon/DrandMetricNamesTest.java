package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.dkg.BeaconHandoff;
import org.jdrand.node.dkg.DkgEntry;
import org.jdrand.node.dkg.DkgNetwork;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.dkg.DkgStateFile;
import org.jdrand.node.http.EngineBeaconSource;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.metrics.MetricsService;
import org.jdrand.node.metrics.NodeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} of a node in a running 3-node network (one peer stopped, HTTP traffic
 * served, its ceremony state loaded by a real DKG process) and finds every metric family a drand
 * node serves (the list in {@code drand-metric-families.txt}, from drand's
 * internal/metrics/metrics.go) under drand's exact name and type: counters without client_java's
 * {@code _total} suffix. docs/METRICS.md lists them side by side with ours.
 */
@Timeout(180)
class DrandMetricNamesTest {
    @TempDir
    Path folder;

    /** name → type, from the committed list. */
    static Map<String, String> drandFamilies() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = DrandMetricNamesTest.class.getResourceAsStream("/drand-metric-families.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.trim().split(" ");
                    out.put(f[0], f[1]);
                }
            }
        }
        return out;
    }

    static Map<String, String> families(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /**
     * The series names the repository's Grafana dashboard and Prometheus alerts query: tokens with an
     * underscore that are not functions (followed by "(") nor label names.
     */
    static java.util.Set<String> deployedNames() throws IOException {
        java.util.List<String> exprs = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("..", "deploy", "grafana", "jdrand-dashboard.json").toFile());
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        Matcher alert = Pattern.compile("(?m)^\\s*expr: (.+)$")
                .matcher(java.nio.file.Files.readString(Path.of("..", "deploy", "prometheus", "jdrand-alerts.yml")));
        while (alert.find()) {
            exprs.add(alert.group(1));
        }
        java.util.Set<String> labels = java.util.Set.of("beacon_id", "peer_address", "api_method", "remote_host",
                "db_type");
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String e : exprs) {
            Matcher m = Pattern.compile("\\b([a-z][a-z0-9]*_[a-z0-9_]*)\\b(?!\\s*\\()").matcher(e);
            while (m.find()) {
                if (!labels.contains(m.group(1))) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private static final DkgNetwork NO_PEERS = new org.jdrand.node.dkg.SilentDkgNetwork();

    private static final BeaconHandoff NO_HANDOFF = new BeaconHandoff() {
        @Override
        public void completed(String beaconId, Group group, KeyShare share, int epoch) { }

        @Override
        public void left(String beaconId, long transitionTime) { }
    };

    @Test
    void everyDrandMetricIsScrapedWithDrandsNameAndType() throws Exception {
        Map<String, String> drand = drandFamilies();
        assertThat(drand).hasSize(25);
        java.util.Set<String> deployed = deployedNames();
        assertThat(deployed).contains("error_sending_partial", "dkg_state", "jdrand_clock_skew_seconds",
                "beacon_discrepancy_latency_ms_bucket");
        HttpClient web = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService reads = Executors.newFixedThreadPool(1);
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "default")) {
            NodeMetrics metrics = NodeMetrics.forNode(net.daemons[0].supervisor(), 1_700_000_000L, "2.1.0", "dev", 0);
            metrics.clockSkew(net.daemons[0].clockSkew());
            // the node's ceremony record: its group came from a reshare (epoch 2) it did not lead
            Participant leader = new Participant("127.0.0.1:" + net.ports[1], Hex.decode("aa"), Hex.decode("01"));
            DkgEntry done = new DkgEntry("default", DkgState.COMPLETE, 2, 2, net.clock.instant().plusSeconds(60),
                    java.time.Instant.ofEpochSecond(net.genesis), new byte[0], 0, TestNetwork.PERIOD, TestNetwork.CATCHUP, "bls-unchained-g1-rfc9380",
                    leader, List.of(leader), List.of(), List.of(), List.of(), List.of(), List.of(), null, null, "");
            new DkgStateFile(folder).save(Map.of("default", new DkgStateFile.Entries(done, done)));
            DkgProcess dkg = new DkgProcess(folder, new Bls(TestNetwork.BACKEND), net.clock, NO_PEERS, NO_HANDOFF,
                    DkgProcess.Timeouts.DRAND, new SecureRandom(), metrics);
            try (dkg; MetricsService service = new MetricsService(MetricsService.parseFlag("0"), metrics).start()) {
                dkg.start();
                net.startAll();
                // the clock probe at start measures its round trip on the fake clock: let it finish
                // before the rounds move that clock, or the exchange looks too slow and is dropped
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> net.daemons[0].clockSkew().median().isPresent());
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
                            drand.forEach((name, type) -> assertThat(scraped).as(name).containsEntry(name, type));
                            // drand's names exactly: no client_java suffix beside them
                            assertThat(scraped).doesNotContainKeys("dial_failures_total", "http_call_counter_total",
                                    "api_call_counter_total");
                            assertThat(text).containsPattern(
                                    "(?m)^beacon_discrepancy_latency\\{beacon_id=\"default\"} \\S+$");
                            assertThat(scraped).containsEntry("beacon_discrepancy_latency_ms", "histogram");
                            assertThat(text).contains("outgoing_connection_state{remote_host=\"127.0.0.1:"
                                    + net.ports[1] + "\"} 2.0")
                                    .contains("api_call_counter{api_method=\"public\"} 1.0")
                                    .contains("error_sending_partial{address=\"127.0.0.1:" + net.ports[2]
                                            + "\",beaconID=\"default\"} 1.0")
                                    .contains("dkg_state{beacon_id=\"default\"} 7.0")
                                    .contains("dkg_epoch{beacon_id=\"default\"} 2.0")
                                    .contains("dkg_leader{beacon_id=\"default\"} 0.0")
                                    .contains("reshare_state{beacon_id=\"default\"} 0.0");
                            assertThat(text).containsPattern("(?m)^sync_total_callbacks\\{beacon_id=\"default\"} \\S+$");
                            // every series the dashboard and the alerts query is served
                            deployed.forEach(name -> assertThat(text).as("deploy/ uses " + name)
                                    .containsPattern("(?m)^" + name + "[{ ]"));
                        });
            }
        } finally {
            reads.shutdownNow();
        }
    }
}
