package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ThresholdChain;
import org.jdrand.crypto.testing.MutableClock;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code watch()} against three real servers publishing a threshold-BLS chain round by round on a
 * shared test clock: every round is emitted once and in order; when the endpoint serving the watch
 * dies mid-watch, the watch resumes on another one, and the rounds produced meanwhile are fetched
 * and emitted in order: no gap, no duplicate.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchTest {
    static final long G = 1_700_000_000L;

    /** Three servers of one chain, each with its own copy of the chain; rounds published to all. */
    static final class Network implements AutoCloseable {
        final ThresholdChain chain;
        final MutableClock clock;
        final List<InMemoryBeaconSource> sources = new ArrayList<>();
        final List<HttpApiService> servers = new ArrayList<>();
        final List<Boolean> alive = new ArrayList<>();

        Network(Scheme scheme, int published, int presigned) throws Exception {
            chain = ThresholdChain.create(scheme, "default", 3, G, presigned);
            clock = MutableClock.atSeconds(chain.info().timeOfRound(published));
            for (int i = 0; i < 3; i++) {
                InMemoryBeaconSource s = new InMemoryBeaconSource(chain.info(), chain.beacons().subList(0, published));
                sources.add(s);
                servers.add(new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(s), clock).start());
                alive.add(true);
            }
        }

        /** Round {@code r} is produced: the clock reaches its time and every live server gets it. */
        void publish(long r) {
            clock.setSeconds(chain.info().timeOfRound(r));
            for (int i = 0; i < 3; i++) {
                if (alive.get(i)) {
                    sources.get(i).append(chain.beacon(r));
                }
            }
        }

        void kill(int i) {
            alive.set(i, false);
            servers.get(i).close();
        }

        int indexOf(String url) {
            for (int i = 0; i < 3; i++) {
                if (url.equals("http://127.0.0.1:" + servers.get(i).port())) {
                    return i;
                }
            }
            throw new IllegalArgumentException(url);
        }

        DrandClient client(DrandClient.Builder start) {
            DrandClient.Builder b = start.chainHash(chain.info().hashHex()).clock(clock)
                    .latencyRefresh(Duration.ZERO).requestTimeout(Duration.ofSeconds(1));
            for (HttpApiService s : servers) {
                b = b.endpoint("http://127.0.0.1:" + s.port());
            }
            return b.build();
        }

        @Override
        public void close() {
            for (int i = 0; i < 3; i++) {
                if (alive.get(i)) {
                    servers.get(i).close();
                }
            }
        }
    }

    /** Collects what a watch emits; asks for everything unless told otherwise. */
    static final class Collector implements Flow.Subscriber<Beacon> {
        final List<Beacon> received = new CopyOnWriteArrayList<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final long initialDemand;

        Collector(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            s.request(initialDemand);
        }

        @Override
        public void onNext(Beacon b) {
            received.add(b);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            completed.set(true);
        }

        List<Long> rounds() {
            return received.stream().map(Beacon::round).toList();
        }

        void awaitRound(long r) {
            await().atMost(Duration.ofSeconds(30)).until(() -> rounds().contains(r));
        }
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** A client builder; the subclass over HttpURLConnection overrides it. */
    DrandClient.Builder builder() {
        return DrandClient.builder();
    }

    @Test
    void emitsEachNewRoundOnceInOrderAndSurvivesTheDeathOfItsEndpoint() throws Exception {
        try (Network net = new Network(Scheme.PEDERSEN_BLS_CHAINED, 5, 24); DrandClient drand = net.client(builder())) {
            Collector c = new Collector(Long.MAX_VALUE);
            drand.watch().subscribe(c);
            // the watch starts after the latest round: wait until its long poll for round 6 is held
            await().atMost(Duration.ofSeconds(30)).until(() -> drand.endpointHealth().stream()
                    .mapToLong(EndpointHealth::requests).sum() >= 5); // info and latest (raced), round 6
            for (long r = 6; r <= 10; r++) { // each round as it is produced
                net.publish(r);
                c.awaitRound(r);
            }
            // the endpoint holding the watch's request dies; rounds go on meanwhile
            String servingUrl = drand.endpointHealth().get(0).endpoint().url();
            net.kill(net.indexOf(servingUrl));
            for (long r = 11; r <= 15; r++) {
                net.publish(r);
            }
            c.awaitRound(15);
            for (long r = 16; r <= 20; r++) {
                net.publish(r);
                c.awaitRound(r);
            }
            assertThat(c.rounds()).as("no gap, no duplicate").isEqualTo(range(6, 20));
            for (Beacon b : c.received) {
                assertThat(b).isEqualTo(net.chain.beacon(b.round())); // verified and chained as served
            }
            assertThat(drand.endpointHealth()).filteredOn(h -> h.endpoint().url().equals(servingUrl)).singleElement()
                    .satisfies(h -> assertThat(h.consecutiveFailures()).isPositive());
            assertThat(c.error.get()).isNull();
            drand.close();
            await().atMost(Duration.ofSeconds(10)).untilTrue(c.completed);
        }
    }

    @Test
    void unchainedWatchFollowsDemandAndStopsWhenCancelled() throws Exception {
        try (Network net = new Network(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 12); DrandClient drand = net.client(builder())) {
            Collector c = new Collector(2);
            drand.watch().subscribe(c);
            await().atMost(Duration.ofSeconds(30)).until(() -> drand.endpointHealth().stream()
                    .mapToLong(EndpointHealth::requests).sum() >= 5); // info and latest (raced), round 4
            net.publish(4);
            net.publish(5);
            net.publish(6);
            c.awaitRound(5);
            // two asked, two emitted: round 6 waits for demand, then comes without a gap
            assertThat(c.rounds()).isEqualTo(range(4, 5));
            c.subscription.get().request(1);
            c.awaitRound(6);
            assertThat(c.rounds()).isEqualTo(range(4, 6));
            // a second subscriber starts after the latest round
            Collector late = new Collector(Long.MAX_VALUE);
            drand.watch().subscribe(late);
            await().atMost(Duration.ofSeconds(30)).until(() -> drand.endpointHealth().stream()
                    .mapToLong(EndpointHealth::requests).sum() >= 10); // 7 for the first, latest (raced), round 7
            c.subscription.get().cancel();
            net.publish(7);
            late.awaitRound(7);
            assertThat(late.rounds()).isEqualTo(List.of(7L));
            assertThat(c.rounds()).isEqualTo(range(4, 6));
        }
    }

    @Test
    void nonPositiveRequestIsAnError() throws Exception {
        try (Network net = new Network(Scheme.PEDERSEN_BLS_UNCHAINED, 3, 3); DrandClient drand = net.client(builder())) {
            Collector c = new Collector(0);
            drand.watch().subscribe(c);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.error.get() != null);
            assertThat(c.error.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request(0)");
        }
    }
}
