package org.jdrand.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ThresholdChain;

/**
 * Serves a real threshold-BLS chain for bench/http/run.sh. The clock is fixed one second after the
 * latest round, so every response is the same throughout a run.
 *
 * <p>usage: HttpBenchServer &lt;port-file&gt; [io-threads] [scheme-id] [rounds]
 */
public final class HttpBenchServer {
    private HttpBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path portFile = Path.of(args[0]);
        int ioThreads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Scheme scheme = Scheme.byId(args.length > 2 ? args[2] : "bls-unchained-g1-rfc9380");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        ThresholdChain chain = ThresholdChain.create(scheme, "default", 3, 1_700_000_000L, rounds);
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(chain.latestTime() + 1));
        HttpObserver observer = observer(System.getProperty("jdrand.bench.observer", "none"));
        HttpApiService server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(ioThreads),
                ChainRegistry.of(new InMemoryBeaconSource(chain.info(), chain.beacons())), clock, observer).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Files.writeString(portFile, String.valueOf(server.port()));
        System.out.println("http bench server port=" + server.port() + " scheme=" + scheme.id() + " rounds=" + rounds
                + " observer=" + observer.getClass().getName());
        Thread.currentThread().join();
    }

    /**
     * "prometheus": the node's own observer (drand's http_* metrics), as a daemon serves; it lives
     * in beacon-node, which depends on this module, hence the reflection (bench/http/run.sh puts
     * beacon-node on the class path). "none": no metrics.
     */
    private static HttpObserver observer(String name) throws ReflectiveOperationException {
        if (name.equals("none")) {
            return HttpObserver.NONE;
        }
        if (!name.equals("prometheus")) {
            throw new IllegalArgumentException("jdrand.bench.observer: " + name + " (expected none or prometheus)");
        }
        Class<?> registryClass = Class.forName("io.prometheus.metrics.model.registry.PrometheusRegistry");
        Object registry = registryClass.getField("defaultRegistry").get(null);
        return (HttpObserver) Class.forName("org.jdrand.node.http.PrometheusHttpObserver")
                .getConstructor(registryClass).newInstance(registry);
    }
}
