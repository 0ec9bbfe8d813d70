package org.jdrand.bench;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdrand.client.DrandClient;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;

/**
 * How long after a node publishes a round the client's {@code watch()} delivers it, verified:
 * our HTTP API on loopback publishes a 1 s chain on the wall clock (each round appended at its
 * time); the delay is measured from the append to {@code onNext}. Usage:
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.WatchDelay [rounds] [scheme]}.
 */
public final class WatchDelay {
    private WatchDelay() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Scheme scheme = Scheme.byId(args.length > 1 ? args[1] : "pedersen-bls-chained");
        InstantSource clock = InstantSource.system();
        org.jdrand.crypto.BlsBackend backend = BlsBackends.blst();
        // round 1 is served at once, round 2 is due at genesis + 1 s: leave time to sign the chain on a cold JVM
        long genesis = clock.instant().getEpochSecond() + 10;
        LocalChain chain = LocalChain.create(backend, scheme, 1, genesis, rounds + 1);
        InMemoryBeaconSource source = new InMemoryBeaconSource(chain.info(), chain.beacons().subList(0, 1));
        Map<Long, Long> published = new ConcurrentHashMap<>();
        Map<Long, Long> delivered = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        long last = rounds + 1L;
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        try (HttpApiService server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(1),
                ChainRegistry.of(source), clock).start();
                DrandClient drand = DrandClient.builder().endpoint("http://127.0.0.1:" + server.port())
                        .chainInfo(chain.info()).latencyRefresh(Duration.ZERO).backend(backend).build()) {
            drand.get(1); // warm the connection and the verifier
            drand.watch().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Beacon b) {
                    delivered.put(b.round(), System.nanoTime());
                    if (b.round() == last) {
                        done.countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    t.printStackTrace();
                }

                @Override
                public void onComplete() {}
            });
            for (long r = 2; r <= rounds + 1; r++) {
                long round = r;
                long delayMs = chain.info().timeOfRound(r) * 1000 - clock.millis();
                producer.schedule(() -> {
                    published.put(round, System.nanoTime());
                    source.append(chain.beacons().get((int) round - 1));
                }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
            }
            if (!done.await(rounds + 30L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("watch: round " + last + " not delivered in time (delivered "
                        + new java.util.TreeSet<>(delivered.keySet()) + ", published " + new java.util.TreeSet<>(published.keySet())
                        + ", endpoint " + drand.endpointHealth() + ")");
            }
        } finally {
            producer.shutdownNow();
        }
        // the first round the watch delivers may have been published before it was subscribed: not a delay
        long first = delivered.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        List<Double> ms = new ArrayList<>();
        for (Map.Entry<Long, Long> e : delivered.entrySet()) {
            if (e.getKey() > first) {
                ms.add((e.getValue() - published.get(e.getKey())) / 1e6);
            }
        }
        double[] d = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("watch delivery delay, %s, %d rounds of 1 s: min %.2f ms, median %.2f ms, p90 %.2f ms, max %.2f ms%n",
                scheme.id(), d.length, d[0], d[d.length / 2], d[(int) Math.ceil(d.length * 0.9) - 1], d[d.length - 1]);
        System.out.println("all (ms, sorted): " + Arrays.toString(Arrays.stream(d).map(x -> Math.round(x * 100) / 100.0).toArray()));
    }
}
