package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdrand.node.metrics.BeaconStats;
import org.jdrand.node.metrics.NodeMetrics;
import org.junit.jupiter.api.Test;

/** drand.Metrics/Metrics answers the same text as /metrics, and {@link MetricsGrpcService#fetch} reads it. */
class MetricsGrpcServiceTest {

    @Test
    void answersTheRegistryText() throws Exception {
        NodeMetrics metrics = new NodeMetrics(() -> List.of(new BeaconStats("default", 3, 2, 9, "sqlite", 1)),
                1L, "2.1.0", "dev", 0);
        metrics.beaconProduced("default", 9, 30);
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new MetricsGrpcService(metrics::scrapeText)).build().start();
        ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            String text = new String(MetricsGrpcService.fetch(ch, 5_000), StandardCharsets.UTF_8);
            assertThat(text).contains("last_beacon_round{beacon_id=\"default\"} 9.0")
                    .contains("beacon_discrepancy_latency_ms_count{beacon_id=\"default\"} 1")
                    .isEqualTo(new String(metrics.scrapeText(), StandardCharsets.UTF_8));
        } finally {
            ch.shutdownNow();
            server.shutdownNow();
        }
    }
}
