package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.relay.RelaySource;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A relay in front of a 3-node network: it rejects an upstream serving a forged beacon, follows
 * a real node, fails over when that node stops, and serves what it verified over HTTP.
 */
@Timeout(120)
class RelayTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void relayVerifiesFailsOverAndServesHttp() throws Exception {
        ExecutorService reads = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                PeerChannels channels = new PeerChannels()) {
            net.runRounds(1, 4, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            List<Beacon> real = net.chain(0, 4);
            Server evil = forgingUpstream(info, real);
            try {
                String evilAddr = "127.0.0.1:" + evil.getPort();
                List<String> upstreams = List.of(evilAddr, "127.0.0.1:" + net.ports[0], "127.0.0.1:" + net.ports[1]);
                assertThatThrownBy(() -> RelaySource.fetchInfo(channels, upstreams.subList(1, 2), "default",
                        new byte[32], Duration.ofSeconds(5))).hasMessageContaining("chain hash");
                ChainInfo fetched = RelaySource.fetchInfo(channels, upstreams, "default", info.hash(),
                        Duration.ofSeconds(5));
                assertThat(fetched).isEqualTo(info);

                MemoryChainStore store = new MemoryChainStore(info);
                try (RelaySource relay = new RelaySource(info, upstreams, channels, TestNetwork.BACKEND, store, reads,
                        timer, Duration.ofMillis(100)).start();
                        HttpApiService http = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                                ChainRegistry.of(relay), net.clock).start()) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> relay.lastRound() == 4);
                    assertThat(store.range(1, 4)).isEqualTo(real); // nothing forged got in
                    String base = "http://127.0.0.1:" + http.port();
                    HttpClient client = HttpClient.newHttpClient();
                    JsonNode latest = JSON.readTree(get(client, base + "/public/latest").body());
                    assertThat(latest.get("round").asLong()).isEqualTo(4);
                    assertThat(latest.get("signature").asText()).isEqualTo(Hex.encode(real.get(3).signature()));

                    net.stop(0); // the relay's current upstream goes away
                    net.runRounds(5, 6, 1, 2);
                    await().atMost(Duration.ofSeconds(20)).until(() -> relay.lastRound() == 6);
                    HttpResponse<String> r6 = get(client, base + "/public/6");
                    assertThat(r6.statusCode()).isEqualTo(200);
                    assertThat(JSON.readTree(r6.body()).get("signature").asText())
                            .isEqualTo(Hex.encode(net.stores[1].get(6).orElseThrow().signature()));
                    assertThat(net.verifier().invalidRounds(store.range(1, 6))).isEmpty();
                }
            } finally {
                evil.shutdownNow();
            }
        } finally {
            reads.shutdownNow();
            timer.shutdownNow();
        }
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An upstream with the right chain info whose stream carries round 2 with round 3's signature. */
    static Server forgingUpstream(ChainInfo info, List<Beacon> real) throws Exception {
        PublicGrpc.PublicImplBase impl = new PublicGrpc.PublicImplBase() {
            @Override
            public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
                obs.onNext(ProtoMapper.toChainInfo(info, ProtoMapper.metadata("default", info.hash())));
                obs.onCompleted();
            }

            @Override
            public void publicRandStream(PublicRandRequest req, StreamObserver<PublicRandResponse> obs) {
                for (Beacon b : real) {
                    if (b.round() < req.getRound()) {
                        continue;
                    }
                    Beacon sent = b.round() == 2 ? new Beacon(2, real.get(2).signature(), b.previousSignature()) : b;
                    obs.onNext(ProtoMapper.toPublicRand(sent, ProtoMapper.metadata("default", info.hash())));
                }
                // then stay open, as a live stream would
            }
        };
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(impl).build().start();
    }
}
