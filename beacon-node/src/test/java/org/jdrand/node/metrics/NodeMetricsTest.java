package org.jdrand.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.http.HttpObserver;
import org.junit.jupiter.api.Test;

/** The exposition text of a daemon's registry as hooks fire: names, labels, buckets, values moving. */
class NodeMetricsTest {
    private final List<BeaconStats> beacons = new CopyOnWriteArrayList<>();
    private final NodeMetrics metrics = new NodeMetrics(() -> beacons, 1_700_000_000L, "2.1.0", "dev", 1_690_000_000L);

    private String text() {
        return new String(metrics.scrapeText(), StandardCharsets.UTF_8);
    }

    @Test
    void constantNodeMetricsArePresent() {
        String t = text();
        assertThat(t).contains("is_drand_node 1.0")
                .contains("drand_start_timestamp 1.7E9")
                .contains("drand_build_time{build=\"dev\",version=\"2.1.0\"} 1.69E9");
        // no beacon and no event yet: labelled metrics have no series, so they are not written
        assertThat(t).doesNotContain("last_beacon_round").doesNotContain("beacon_discrepancy_latency");
    }

    @Test
    void perBeaconGaugesAreReadAtScrapeTime() {
        beacons.add(new BeaconStats("default", 5, 3, 7, "sqlite", 1));
        beacons.add(new BeaconStats("quicknet", 4, 3, 2, "memdb", 3));
        String t = text();
        assertThat(t).contains("last_beacon_round{beacon_id=\"default\"} 7.0")
                .contains("last_beacon_round{beacon_id=\"quicknet\"} 2.0")
                .contains("group_size{beacon_id=\"default\"} 5.0")
                .contains("group_threshold{beacon_id=\"default\"} 3.0")
                .contains("drand_node_db{beaconID=\"default\",db_type=\"sqlite\"} 1.0")
                .contains("drand_node_db{beaconID=\"quicknet\",db_type=\"memdb\"} 3.0");
        beacons.set(0, new BeaconStats("default", 5, 3, 8, "sqlite", 1));
        assertThat(text()).contains("last_beacon_round{beacon_id=\"default\"} 8.0");
    }

    @Test
    void producedBeaconsFillTheLatencyHistogram() {
        metrics.beaconProduced("default", 1, 12);
        metrics.beaconProduced("default", 2, 700);
        metrics.beaconProduced("default", 3, -5); // clock skew: counted as 0
        String t = text();
        assertThat(t).contains("# TYPE beacon_discrepancy_latency_ms histogram")
                .contains("beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"5.0\"} 1")
                .contains("beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"25.0\"} 2")
                .contains("beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"1000.0\"} 3")
                .contains("beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"+Inf\"} 3")
                .contains("beacon_discrepancy_latency_ms_count{beacon_id=\"default\"} 3")
                .contains("beacon_discrepancy_latency_ms_sum{beacon_id=\"default\"} 712.0");
    }

    @Test
    void errorSendingPartialIsDrandsGaugeOfTheLastSendPerPeer() {
        metrics.partialSendFailed("default", "10.0.0.2:4444");
        metrics.partialSendFailed("default", "10.0.0.2:4444");
        metrics.partialSendFailed("default", "10.0.0.3:4444");
        metrics.partialSent("default", "10.0.0.3:4444");
        assertThat(text()).contains("# TYPE error_sending_partial gauge")
                .contains("error_sending_partial{address=\"10.0.0.2:4444\",beaconID=\"default\"} 1.0")
                .contains("error_sending_partial{address=\"10.0.0.3:4444\",beaconID=\"default\"} 0.0");
    }

    @Test
    void dkgStateChangesSetDrandsDkgAndReshareGauges() {
        metrics.stateChanged("default", DkgState.COMPLETE, 1, true, Instant.ofEpochMilli(1_700_000_000_500L));
        metrics.stateChanged("quicknet", DkgState.PROPOSING, 3, true, Instant.ofEpochSecond(1_700_000_100L));
        String t = text();
        assertThat(t).contains("dkg_state{beacon_id=\"default\"} 7.0")
                .contains("dkg_epoch{beacon_id=\"default\"} 1.0")
                .contains("dkg_leader{beacon_id=\"default\"} 1.0")
                .contains("dkg_state_timestamp{beacon_id=\"default\"} 1.7000000005E9")
                // epoch 1 is the first DKG, not a reshare: idle, and not a reshare leader
                .contains("reshare_state{beacon_id=\"default\"} 0.0")
                .contains("reshare_leader{beacon_id=\"default\"} 0.0")
                .contains("dkg_state{beacon_id=\"quicknet\"} 2.0")
                .contains("reshare_state{beacon_id=\"quicknet\"} 1.0")
                .contains("reshare_leader{beacon_id=\"quicknet\"} 1.0")
                .contains("reshare_state_timestamp{beacon_id=\"quicknet\"} 1.7000001E9");
        metrics.stateChanged("quicknet", DkgState.EXECUTING, 3, false, Instant.ofEpochSecond(1_700_000_200L));
        assertThat(text()).contains("reshare_state{beacon_id=\"quicknet\"} 2.0")
                .contains("dkg_state{beacon_id=\"quicknet\"} 6.0")
                .contains("dkg_leader{beacon_id=\"quicknet\"} 0.0");
    }

    @Test
    void syncTotalGaugesCountTheEnginesCallbacks() {
        beacons.add(new BeaconStats("default", 5, 3, 7, "sqlite", 1, 4));
        assertThat(text()).contains("# TYPE sync_total_callbacks gauge")
                .contains("sync_total_callbacks{beacon_id=\"default\"} 4.0")
                .contains("sync_total_jobs{beacon_id=\"default\"} 4.0");
    }

    @Test
    void refusedPartialsAndSyncStreamsAreCountedByReason() {
        metrics.partialRejected("default", "future_round");
        metrics.partialRejected("default", "future_round");
        metrics.partialRejected("default", "invalid_signature");
        metrics.syncRejected("default", "invalid_beacon");
        metrics.oversizedMessage("drand.Protocol/PartialBeacon");
        assertThat(text()).contains("# TYPE partial_rejected_total counter")
                .contains("partial_rejected_total{beacon_id=\"default\",reason=\"future_round\"} 2.0")
                .contains("partial_rejected_total{beacon_id=\"default\",reason=\"invalid_signature\"} 1.0")
                .contains("sync_rejected_total{beacon_id=\"default\",reason=\"invalid_beacon\"} 1.0")
                .contains("grpc_oversized_message_total{grpc_method=\"drand.Protocol/PartialBeacon\"} 1.0");
    }

    @Test
    void dialFailuresAndConnectionsAreExported() {
        int[] connected = {2};
        NodeMetrics m = new NodeMetrics(() -> beacons, () -> connected[0], 1L, "2.1.0", "dev", 0);
        m.dialFailed("10.0.0.4:4444");
        String t = new String(m.scrapeText(), StandardCharsets.UTF_8);
        // drand's name: no client_java _total suffix
        assertThat(t).contains("# TYPE dial_failures counter")
                .contains("dial_failures{peer_address=\"10.0.0.4:4444\"} 1.0").doesNotContain("dial_failures_total")
                .contains("outgoing_group_connections 2.0");
        connected[0] = 1;
        assertThat(new String(m.scrapeText(), StandardCharsets.UTF_8)).contains("outgoing_group_connections 1.0");
    }

    @Test
    void httpMetricsShareTheRegistry() {
        HttpObserver.Call call = metrics.httpObserver().start("GET");
        assertThat(text()).contains("http_in_flight 1.0");
        call.end(200);
        metrics.httpObserver().apiCall("public");
        metrics.httpObserver().apiCall("public");
        metrics.httpObserver().apiCall("not-a-label");
        assertThat(text()).contains("api_call_counter{api_method=\"public\"} 2.0")
                .contains("api_call_counter{api_method=\"other\"} 1.0")
                .contains("api_call_counter{api_method=\"info\"} 0.0");
        assertThat(text()).contains("http_in_flight 0.0")
                .contains("http_call_counter{code=\"200\",method=\"get\"} 1.0")
                .contains("http_response_duration_count{handler=\"http\",method=\"get\"} 1");
    }
}
