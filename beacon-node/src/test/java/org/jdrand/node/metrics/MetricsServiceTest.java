package org.jdrand.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdrand.node.grpc.MetricsGrpcService;
import org.junit.jupiter.api.Test;

/** The metrics listener: flag parsing, /metrics, 404s, and /peer/<addr> over drand.Metrics. */
class MetricsServiceTest {
    private final HttpClient web = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(MetricsService s, String path) throws Exception {
        return web.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void barePortIsLoopbackAndHostPortIsThatHost() {
        assertThat(MetricsService.parseFlag("9080")).isEqualTo(new InetSocketAddress("127.0.0.1", 9080));
        assertThat(MetricsService.parseFlag("10.1.2.3:9080").getHostString()).isEqualTo("10.1.2.3");
        assertThat(MetricsService.parseFlag(":9080").getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void servesOwnAndPeerMetrics() throws Exception {
        NodeMetrics peer = new NodeMetrics(() -> List.of(new BeaconStats("default", 3, 2, 42, "sqlite", 1)),
                1L, "2.1.0", "dev", 0);
        Server peerServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                InsecureServerCredentials.create()).addService(new MetricsGrpcService(peer::scrapeText)).build().start();
        Server gone = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                InsecureServerCredentials.create()).build().start();
        String peerAddr = "127.0.0.1:" + peerServer.getPort();
        String goneAddr = "127.0.0.1:" + gone.getPort();
        gone.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        NodeMetrics own = new NodeMetrics(() -> List.of(new BeaconStats("default", 3, 2, 7, "sqlite", 1)),
                1L, "2.1.0", "dev", 0);
        PeerMetrics peers = new PeerMetrics(() -> Set.of(peerAddr, goneAddr));
        try (MetricsService s = new MetricsService(MetricsService.parseFlag("0"), own, peers).start()) {
            assertThat(s.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> r = get(s, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("last_beacon_round{beacon_id=\"default\"} 7.0");
            assertThat(get(s, "/").statusCode()).isEqualTo(404);
            assertThat(get(s, "/debug/pprof/").statusCode()).isEqualTo(404);

            // the path suffix after the address is ignored, as in drand
            HttpResponse<String> p = get(s, "/peer/" + peerAddr + "/metrics");
            assertThat(p.statusCode()).isEqualTo(200);
            assertThat(p.body()).contains("last_beacon_round{beacon_id=\"default\"} 42.0");
            assertThat(get(s, "/peer/" + peerAddr).body()).contains("42.0");
            // not a member: never dialled
            assertThat(get(s, "/peer/10.255.255.1:4444").statusCode()).isEqualTo(404);
            // a member that does not answer
            assertThat(get(s, "/peer/" + goneAddr).statusCode()).isEqualTo(502);
        } finally {
            peerServer.shutdownNow();
        }
    }
}
