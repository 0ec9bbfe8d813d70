package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ThresholdChain;
import org.jdrand.crypto.testing.MutableClock;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several endpoints: per-request failover past dead, failing and lying endpoints; back-off of
 * unhealthy ones; the fastest chosen by measured latency when one is slowed (a server that delays
 * its answers), measured on demand and in the background.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailoverTest {
    static final long G = 1_700_000_000L;
    static ThresholdChain chain;
    static HttpApiService server;
    static String base;

    /** A client builder; the subclass over HttpURLConnection overrides it. */
    DrandClient.Builder builder() {
        return DrandClient.builder();
    }

    @BeforeAll
    static void start() throws Exception {
        chain = ThresholdChain.create(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, G, 30);
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(new InMemoryBeaconSource(chain.info(), chain.beacons())),
                MutableClock.atSeconds(chain.latestTime() + 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    DrandClient.Builder client(MutableClock clock, FaultProxy... proxies) {
        DrandClient.Builder b = builder().chainInfo(chain.info()).clock(clock).latencyRefresh(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(10));
        for (FaultProxy p : proxies) {
            b = b.endpoint(p.url());
        }
        return b;
    }

    @Test
    void failsOverPastDeadFailingAndLyingEndpointsThenBacksThemOff() throws Exception {
        MutableClock clock = MutableClock.atSeconds(G);
        try (FaultProxy dead = new FaultProxy(base); FaultProxy failing = new FaultProxy(base);
                FaultProxy lying = new FaultProxy(base); FaultProxy good = new FaultProxy(base)) {
            dead.close();
            failing.failing = true;
            String sig = org.jdrand.crypto.Hex.encode(chain.beacon(7).signature());
            String other = org.jdrand.crypto.Hex.encode(chain.beacon(8).signature());
            lying.rewrite = body -> body.replace(sig, other);
            try (DrandClient drand = client(clock, dead, failing, lying, good).parallelRequests(1).build()) {
                assertThat(drand.get(7).signature()).isEqualTo(chain.beacon(7).signature());
                assertThat(failing.paths).hasSize(1);
                assertThat(lying.paths).hasSize(1);
                assertThat(good.paths).hasSize(1);
                List<EndpointHealth> h = drand.endpointHealth();
                assertThat(h.get(0).endpoint().url()).isEqualTo(good.url());
                assertThat(h.subList(1, 4)).allSatisfy(e -> {
                    assertThat(e.backedOff()).isTrue();
                    assertThat(e.consecutiveFailures()).isEqualTo(1);
                });
                // backed off: the next requests go to the good endpoint alone
                drand.get(9);
                drand.get(10);
                assertThat(failing.paths).hasSize(1);
                assertThat(lying.paths).hasSize(1);
                assertThat(good.paths).hasSize(3);
                // after the back-off (1 s), the repaired endpoint is measured again and used
                failing.failing = false;
                clock.advanceMillis(1_001);
                drand.refreshLatencies().get(30, TimeUnit.SECONDS);
                assertThat(drand.endpointHealth()).filteredOn(e -> e.endpoint().url().equals(failing.url()))
                        .singleElement().satisfies(e -> assertThat(e.backedOff()).isFalse());
            }
        }
    }

    @Test
    void allEndpointsFailingGivesTheMostTellingError() throws Exception {
        MutableClock clock = MutableClock.atSeconds(G);
        try (FaultProxy failing = new FaultProxy(base); FaultProxy lying = new FaultProxy(base)) {
            failing.failing = true;
            String sig = org.jdrand.crypto.Hex.encode(chain.beacon(3).signature());
            lying.rewrite = body -> body.replace(sig, org.jdrand.crypto.Hex.encode(chain.beacon(4).signature()));
            try (DrandClient drand = client(clock, failing, lying).build()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> drand.get(3))
                        .isInstanceOf(VerificationException.class).hasMessageStartingWith("beacon: round 3: ")
                        .satisfies(e -> {
                            assertThat(e.getSuppressed()).hasSize(1);
                            assertThat(e.getSuppressed()[0]).isInstanceOf(EndpointException.class)
                                    .hasMessageContaining("HTTP 500: {\"error\":\"injected failure\"} (expected 200)");
                        });
            }
        }
    }

    @Test
    void racesTheTwoBestAndThenPrefersTheFastest() throws Exception {
        MutableClock clock = MutableClock.atSeconds(G);
        try (FaultProxy slow = new FaultProxy(base); FaultProxy a = new FaultProxy(base);
                FaultProxy b = new FaultProxy(base)) {
            slow.delay = Duration.ofMillis(400);
            try (DrandClient drand = client(clock, slow, a, b).build()) {
                drand.get(1); // unmeasured: the first two in order race
                assertThat(slow.beaconRequests()).isEqualTo(1);
                assertThat(a.beaconRequests()).isEqualTo(1);
                assertThat(b.beaconRequests()).isZero();
                // the slow answer still arrives and is measured
                await().atMost(Duration.ofSeconds(20)).until(() -> !Double.isNaN(latencyOf(drand, slow)));
                drand.refreshLatencies().get(30, TimeUnit.SECONDS);
                assertThat(latencyOf(drand, slow)).isGreaterThan(latencyOf(drand, a)).isGreaterThan(latencyOf(drand, b));
                assertThat(drand.endpointHealth().get(2).endpoint().url()).isEqualTo(slow.url());
                for (long r = 2; r <= 10; r++) {
                    drand.get(r);
                }
                assertThat(slow.beaconRequests()).as("the slowed endpoint is no longer asked").isEqualTo(1);
                // each round races the two fastest; a losing racer's request may be withdrawn before it
                // leaves (the URLConnection transport sends from a pool thread), so at most 2 per round
                assertThat(a.beaconRequests() + b.beaconRequests()).isBetween(1L + 9, 1L + 2 * 9);
            }
        }
    }

    @Test
    void backgroundRefreshMeasuresEveryEndpoint() throws Exception {
        MutableClock clock = MutableClock.atSeconds(G);
        try (FaultProxy slow = new FaultProxy(base); FaultProxy fast = new FaultProxy(base)) {
            slow.delay = Duration.ofMillis(300);
            try (DrandClient drand = client(clock, slow, fast).latencyRefresh(Duration.ofMillis(200)).build()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(latencyOf(drand, slow)).isGreaterThan(250);
                    assertThat(drand.endpointHealth().get(0).endpoint().url()).isEqualTo(fast.url());
                });
                assertThat(slow.paths).allSatisfy(p -> assertThat(p).endsWith("/info"));
            }
        }
    }

    static double latencyOf(DrandClient drand, FaultProxy p) {
        return drand.endpointHealth().stream().filter(e -> e.endpoint().url().equals(p.url())).findFirst()
                .orElseThrow().latencyMillis();
    }
}
