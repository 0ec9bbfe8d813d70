package org.jdrand.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jdrand.client.DrandClient;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client's verified {@code get(round)} against our HTTP API on loopback (one event-loop
 * thread): a request, the JSON read and the BLS verification, for a different round each call
 * with the cache off; and a cache hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED"})
public class ClientBench {
    static final int ROUNDS = 1000;

    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    private HttpApiService server;
    private DrandClient uncached;
    private DrandClient cached;
    private long round;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LocalChain chain = LocalChain.create(BlsBackends.blst(), Scheme.byId(scheme), 3, 1_700_000_000L, ROUNDS);
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(chain.info().timeOfRound(ROUNDS) + 1));
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0).withIoThreads(1),
                ChainRegistry.of(new InMemoryBeaconSource(chain.info(), chain.beacons())), clock).start();
        DrandClient.Builder b = DrandClient.builder().endpoint("http://127.0.0.1:" + server.port())
                .chainInfo(chain.info()).latencyRefresh(Duration.ZERO).backend(BlsBackends.blst());
        uncached = b.cacheSize(0).build();
        cached = b.build();
        cached.get(ROUNDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        uncached.close();
        cached.close();
        server.close();
    }

    @Benchmark
    public Beacon getVerified() {
        round = round % ROUNDS + 1;
        return uncached.get(round);
    }

    @Benchmark
    public Beacon getCached() {
        return cached.get(ROUNDS);
    }
}
