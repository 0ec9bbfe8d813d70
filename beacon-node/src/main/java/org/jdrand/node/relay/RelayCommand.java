package org.jdrand.node.relay;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.http.PrometheusHttpObserver;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.SqliteChainStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrand relay --upstream <node>[,<node>...]}: serves the public HTTP API for chains it
 * follows from nodes over gRPC, verifying every beacon. Keeps the last {@code --memdb-size}
 * rounds in memory, starting at the upstreams' latest beacon; or, with {@code --store-dir}, each
 * chain's whole history in SQLite, followed from genesis and resumed on restart (so old rounds,
 * e.g. those that open timelocked files, stay available).
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "Follow drand nodes over gRPC, verify every beacon and serve the public HTTP API.")
public final class RelayCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--upstream", required = true, split = ",",
            description = "gRPC address(es) host:port of the nodes to follow, in order of preference")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", description = "HTTP listen address host:port")
    String listen;

    @Option(names = "--beacon-id", split = ",", defaultValue = "default",
            description = "beacon ID(s) to relay; the one named default (else the first) serves the un-prefixed routes")
    List<String> beaconIds = new ArrayList<>();

    @Option(names = "--chain-hash", split = ",", description = "pin the chain hash of each beacon ID (same order)")
    List<String> chainHashes = new ArrayList<>();

    @Option(names = "--memdb-size", defaultValue = "2000", description = "rounds kept in memory per chain")
    int memdbSize;

    @Option(names = "--store-dir", paramLabel = "DIR",
            description = "keep each chain's full history in DIR/<chain hash>.sqlite (followed from genesis, resumed on"
                    + " restart) instead of the last --memdb-size rounds in memory")
    Path storeDir;

    @Option(names = "--http-io-threads", paramLabel = "N", defaultValue = "0",
            description = "event-loop threads of the HTTP server (default 0: Netty's choice, 2 per core)")
    int httpIoThreads;

    /** A running relay: one source per chain and the HTTP server. */
    public static final class Running implements AutoCloseable {
        private final List<RelaySource> sources;
        private final HttpApiService http;
        private final PeerChannels channels;
        private final ExecutorService reads;
        private final ScheduledExecutorService timer;
        private final List<ChainStore> stores;

        Running(List<RelaySource> sources, HttpApiService http, PeerChannels channels, ExecutorService reads,
                ScheduledExecutorService timer, List<ChainStore> stores) {
            this.sources = sources;
            this.stores = stores;
            this.http = http;
            this.channels = channels;
            this.reads = reads;
            this.timer = timer;
        }

        public int httpPort() {
            return http.port();
        }

        public List<RelaySource> sources() {
            return sources;
        }

        @Override
        public void close() {
            http.close();
            sources.forEach(RelaySource::close);
            channels.close();
            reads.shutdownNow();
            timer.shutdownNow();
            closeStores(stores);
        }
    }

    private static void closeStores(List<ChainStore> stores) {
        for (ChainStore s : stores) {
            try {
                s.close();
            } catch (Exception e) {
                // closing on shutdown: nothing left to do with the error
            }
        }
    }

    /** Fetches and pins each chain, seeds it with the upstreams' latest beacon, starts following and serving. */
    public Running start(InstantSource clock, BlsBackend backend, PrometheusRegistry metrics) throws Exception {
        PeerChannels channels = new PeerChannels();
        ExecutorService reads = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<RelaySource> sources = new ArrayList<>();
        List<ChainStore> stores = new ArrayList<>();
        try {
            Duration timeout = Duration.ofSeconds(10);
            for (int i = 0; i < beaconIds.size(); i++) {
                byte[] pin = i < chainHashes.size() ? Hex.decode(chainHashes.get(i)) : null;
                ChainInfo info = RelaySource.fetchInfo(channels, upstreams, beaconIds.get(i), pin, timeout);
                ChainStore store;
                if (storeDir == null) {
                    Beacon latest = RelaySource.fetchLatest(channels, upstreams, info, backend, timeout);
                    store = MemoryChainStore.seeded(info, latest, memdbSize);
                } else {
                    store = SqliteChainStore.open(storeDir.resolve(info.hashHex() + ".sqlite"), info);
                }
                stores.add(store);
                sources.add(new RelaySource(info, upstreams, channels, backend, store, reads, timer,
                        Duration.ofSeconds(1)).start());
            }
            int colon = listen.lastIndexOf(':');
            InetSocketAddress addr = new InetSocketAddress(colon <= 0 ? "0.0.0.0" : listen.substring(0, colon),
                    Integer.parseInt(listen.substring(colon + 1)));
            HttpApiService http = new HttpApiService(
                    HttpConfig.of(addr.getHostString(), addr.getPort()).withServerHeader("jdrand-relay")
                            .withIoThreads(httpIoThreads),
                    ChainRegistry.of(sources), clock, new PrometheusHttpObserver(metrics)).start();
            return new Running(sources, http, channels, reads, timer, stores);
        } catch (Exception e) {
            sources.forEach(RelaySource::close);
            channels.close();
            reads.shutdownNow();
            timer.shutdownNow();
            closeStores(stores);
            throw e;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (httpIoThreads < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "relay: --http-io-threads " + httpIoThreads + " (expected 0 for Netty's choice, or more)");
        }
        Running r = start(InstantSource.system(), BlsBackends.blst(), PrometheusRegistry.defaultRegistry);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            r.close();
            stop.countDown();
        }));
        System.out.println("relay serving http=" + listen.substring(0, Math.max(0, listen.lastIndexOf(':'))) + ":"
                + r.httpPort() + " chains=" + r.sources().size());
        stop.await();
        return 0;
    }
}
