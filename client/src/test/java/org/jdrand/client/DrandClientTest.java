package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
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
 * The client against real servers started here: our HTTP API serving threshold-BLS chains of every
 * supported scheme, and real League of Entropy beacons; the fault-injecting cases go through a
 * JDK HTTP server in front of it ({@link FaultProxy}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DrandClientTest {
    static final long G = 1_700_000_000L;
    static final int ROUNDS = 8;
    static final List<ThresholdChain> CHAINS = new ArrayList<>();
    static HttpApiService server;
    static String base;

    /** A client builder; the subclass over HttpURLConnection overrides it. */
    DrandClient.Builder builder() {
        return DrandClient.builder();
    }

    @BeforeAll
    static void start() throws Exception {
        String[] ids = {"default", "unchained", "quicknet", "fastnet", "evmnet"};
        CHAINS.clear(); // the subclass over HttpURLConnection starts its own
        for (int i = 0; i < Scheme.all().size(); i++) {
            CHAINS.add(ThresholdChain.create(Scheme.all().get(i), ids[i], 3, G, ROUNDS));
        }
        List<InMemoryBeaconSource> sources = CHAINS.stream().map(c -> new InMemoryBeaconSource(c.info(), c.beacons())).toList();
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(sources),
                MutableClock.atSeconds(CHAINS.get(0).latestTime() + 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    DrandClient.Builder pinned(ThresholdChain c) {
        return builder().chainHash(c.info().hashHex());
    }

    @Test
    void everySchemeFetchesVerifiedBeaconsThroughV1AndV2Routes() {
        for (ThresholdChain c : CHAINS) {
            for (Endpoint e : List.of(Endpoint.v1(base), Endpoint.v2(base))) {
                try (DrandClient drand = pinned(c).endpoint(e).build()) {
                    assertThat(drand.info()).as(c.info().scheme().id()).isEqualTo(c.info());
                    for (long r = 1; r <= ROUNDS; r++) {
                        Beacon served = c.beacon(r);
                        assertThat(drand.get(r)).isEqualTo(c.info().scheme().chained() ? served
                                : served.withoutPreviousSignature());
                    }
                    assertThat(drand.latest().round()).as("%s via %s", c.info().scheme(), e).isEqualTo(ROUNDS);
                }
            }
        }
    }

    @Test
    void pinnedByChainInfoAsksForNoInfo() throws Exception {
        ThresholdChain c = CHAINS.get(1);
        try (FaultProxy proxy = new FaultProxy(base);
                DrandClient drand = builder().endpoint(proxy.url()).chainInfo(c.info()).build()) {
            assertThat(drand.get(3).signature()).isEqualTo(c.beacon(3).signature());
            assertThat(proxy.paths).containsExactly("/" + c.info().hashHex() + "/public/3");
        }
    }

    @Test
    void refusesToRunUnpinnedUnlessAskedExplicitly() {
        DrandClient.Builder b = builder().endpoint(base);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no chain pinned").hasMessageContaining("insecurelyTrustFirstChainInfo");
        assertThatThrownBy(() -> builder().chainHash(CHAINS.get(0).info().hashHex()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no endpoint");
        try (DrandClient drand = b.insecurelyTrustFirstChainInfo().build()) {
            assertThat(drand.info()).isEqualTo(CHAINS.get(0).info()); // the server's default chain
            assertThat(drand.get(2).signature()).isEqualTo(CHAINS.get(0).beacon(2).signature());
        }
    }

    @Test
    void builderIsImmutable() {
        DrandClient.Builder template = builder().chainHash(CHAINS.get(0).info().hashHex());
        DrandClient.Builder withEndpoint = template.endpoint(base);
        assertThatThrownBy(template::build).hasMessageContaining("no endpoint");
        withEndpoint.build().close();
    }

    @Test
    void wrongChainIsRefused() throws Exception {
        ThresholdChain a = CHAINS.get(0);
        ThresholdChain b = CHAINS.get(2);
        // the endpoint serves chain b where chain a is asked for
        try (FaultProxy proxy = new FaultProxy(base)) {
            proxy.rewritePath = p -> p.replace(a.info().hashHex(), b.info().hashHex());
            try (DrandClient byHash = pinned(a).endpoint(proxy.url()).build()) {
                assertThatThrownBy(byHash::info).isInstanceOf(ChainMismatchException.class)
                        .hasMessageContaining("chain hash " + b.info().hashHex().substring(0, 8))
                        .hasMessageContaining("(expected pinned " + a.info().hashHex().substring(0, 8));
            }
            try (DrandClient byInfo = builder().endpoint(proxy.url()).chainInfo(a.info()).build()) {
                assertThatThrownBy(() -> byInfo.get(2)).isInstanceOf(VerificationException.class)
                        .hasMessageContaining("round 2");
            }
        }
        // same hash pinned, another public key
        try (DrandClient byKey = builder().endpoint(base)
                .chainHashAndPublicKey(a.info().hashHex(), Hex.encode(CHAINS.get(1).info().publicKey())).build()) {
            assertThatThrownBy(byKey::info).isInstanceOf(ChainMismatchException.class)
                    .hasMessageContaining("public key");
        }
    }

    @Test
    void infoWhoseHashDoesNotRecomputeIsRefused() throws Exception {
        ThresholdChain a = CHAINS.get(0);
        try (FaultProxy proxy = new FaultProxy(base);
                DrandClient drand = pinned(a).endpoint(proxy.url()).build()) {
            // claims the pinned hash, but another period: the fields hash elsewhere
            proxy.rewrite = body -> body.replace("\"period\":3", "\"period\":4");
            assertThatThrownBy(drand::info).isInstanceOf(ChainMismatchException.class)
                    .hasMessageContaining("computed");
        }
    }

    @Test
    void forgedBeaconIsRefusedForEveryScheme() throws Exception {
        for (ThresholdChain c : CHAINS) {
            String real = Hex.encode(c.beacon(4).signature());
            String other = Hex.encode(c.beacon(5).signature());
            try (FaultProxy proxy = new FaultProxy(base);
                    DrandClient drand = builder().endpoint(proxy.url()).chainInfo(c.info()).build()) {
                String otherRandomness = Hex.encode(c.beacon(5).randomness());
                // a valid point, signing another message (with its matching randomness)
                proxy.rewrite = body -> body.replace(real, other)
                        .replace(Hex.encode(c.beacon(4).randomness()), otherRandomness);
                assertThatThrownBy(() -> drand.get(4)).as(c.info().scheme().id())
                        .isInstanceOf(VerificationException.class)
                        .hasMessageContaining("round 4: invalid signature " + other.substring(0, 8));
                // a flipped byte: not even a point of the group
                String flipped = real.substring(0, 20) + (real.charAt(20) == 'a' ? 'b' : 'a') + real.substring(21);
                proxy.rewrite = body -> body.replace(real, flipped).replace(Hex.encode(c.beacon(4).randomness()),
                        Hex.encode(Scheme.sha256().digest(Hex.decode(flipped))));
                assertThatThrownBy(() -> drand.get(4)).isInstanceOf(VerificationException.class)
                        .hasMessageContaining("round 4");
                proxy.rewrite = body -> body;
                assertThat(drand.get(4).signature()).isEqualTo(c.beacon(4).signature());
            }
        }
    }

    @Test
    void randomnessThatIsNotTheHashOfTheSignatureIsRefused() throws Exception {
        ThresholdChain c = CHAINS.get(2);
        String randomness = Hex.encode(c.beacon(3).randomness());
        try (FaultProxy proxy = new FaultProxy(base);
                DrandClient drand = pinned(c).endpoint(proxy.url()).build()) {
            String wrongPrefix = randomness.startsWith("00") ? "ff" : "00"; // a random chain's may start with 00
            proxy.rewrite = body -> body.replace(randomness, wrongPrefix + randomness.substring(2));
            assertThatThrownBy(() -> drand.get(3)).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("randomness " + wrongPrefix);
        }
    }

    @Test
    void wrongPreviousSignatureIsRefused() throws Exception {
        ThresholdChain c = CHAINS.get(0); // chained
        String prev = Hex.encode(c.beacon(6).previousSignature());
        String wrong = Hex.encode(c.beacon(2).signature());
        try (FaultProxy proxy = new FaultProxy(base);
                DrandClient drand = pinned(c).endpoint(proxy.url()).build()) {
            proxy.rewrite = body -> body.replace("\"previous_signature\":\"" + prev, "\"previous_signature\":\"" + wrong);
            assertThatThrownBy(() -> drand.get(6)).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("round 6: invalid signature");
            // round 5 known: the served previous signature must also be round 5's signature
            proxy.rewrite = body -> body;
            drand.get(5);
            proxy.rewrite = body -> body.replace("\"previous_signature\":\"" + prev, "\"previous_signature\":\"" + wrong);
            assertThatThrownBy(() -> drand.get(6)).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("previous signature " + wrong.substring(0, 8))
                    .hasMessageContaining("(expected round 5's signature " + prev.substring(0, 8));
        }
    }

    @Test
    void cacheHitsDoNoIo() throws Exception {
        ThresholdChain c = CHAINS.get(3);
        try (FaultProxy proxy = new FaultProxy(base);
                DrandClient drand = pinned(c).endpoint(proxy.url()).cacheSize(2).build()) {
            Beacon first = drand.get(2);
            int asked = proxy.paths.size();
            assertThat(drand.get(2)).isEqualTo(first);
            assertThat(drand.getAsync(2)).isCompletedWithValue(first); // answered without waiting
            assertThat(proxy.paths).hasSize(asked);
            drand.get(3);
            drand.get(4); // evicts round 2 (least recently used)
            int before = proxy.paths.size();
            drand.get(2);
            assertThat(proxy.paths).hasSize(before + 1).last().isEqualTo("/" + c.info().hashHex() + "/public/2");
        }
    }

    @Test
    void roundTimeArithmeticAndAt() {
        ThresholdChain c = CHAINS.get(0);
        try (DrandClient drand = pinned(c).endpoint(base).build()) {
            assertThat(drand.timeOf(1)).isEqualTo(Instant.ofEpochSecond(G));
            assertThat(drand.timeOf(5)).isEqualTo(Instant.ofEpochSecond(G + 12));
            assertThat(drand.roundAt(Instant.ofEpochSecond(G - 1))).isZero();
            assertThat(drand.roundAt(Instant.ofEpochSecond(G))).isEqualTo(1);
            assertThat(drand.roundAt(Instant.ofEpochSecond(G + 14, 999_000_000))).isEqualTo(5);
            assertThat(drand.at(Instant.ofEpochSecond(G + 15)).round()).isEqualTo(6);
            assertThatThrownBy(() -> drand.at(Instant.ofEpochSecond(G - 10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before genesis");
            assertThatThrownBy(() -> drand.get(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("round: 0 (expected ≥ 1)");
        }
    }

    @Test
    void asyncVariantsCarryTheSameTypedErrors() throws Exception {
        ThresholdChain c = CHAINS.get(2);
        try (DrandClient drand = pinned(c).endpoint(base).build()) {
            assertThat(drand.getAsync(7).get(30, TimeUnit.SECONDS).round()).isEqualTo(7);
            assertThat(drand.latestAsync().get(30, TimeUnit.SECONDS).round()).isEqualTo(ROUNDS);
            assertThat(drand.infoAsync().get(30, TimeUnit.SECONDS)).isEqualTo(c.info());
            assertThat(drand.atAsync(Instant.ofEpochSecond(G)).get(30, TimeUnit.SECONDS).round()).isEqualTo(1);
            // a round far in the future: the server answers 404, the client says so
            assertThatThrownBy(() -> drand.getAsync(1_000_000).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(EndpointException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("(expected 200)");
            assertThatThrownBy(() -> drand.get(1_000_000)).isInstanceOf(EndpointException.class)
                    .satisfies(e -> assertThat(((EndpointException) e).status()).isEqualTo(404));
        }
    }

    @Test
    void deadEndpointIsReportedWithWhatFailed() throws Exception {
        FaultProxy dead = new FaultProxy(base);
        String url = dead.url();
        dead.close();
        try (DrandClient drand = pinned(CHAINS.get(0)).endpoint(url).requestTimeout(Duration.ofSeconds(5)).build()) {
            assertThatThrownBy(drand::info).isInstanceOf(EndpointException.class)
                    .hasMessageStartingWith("GET " + url + "/" + CHAINS.get(0).info().hashHex() + "/info: ")
                    .hasMessageEndingWith("(expected an answer)");
        }
    }

    @Test
    void realLeagueBeaconsVerifyAndTamperedOnesDoNot() throws Exception {
        for (LeagueBeacons league : LeagueBeacons.all()) {
            try (HttpApiService api = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    ChainRegistry.of(league.source()), MutableClock.atSeconds(league.latestTime() + 1)).start();
                    FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + api.port());
                    DrandClient drand = builder().endpoint(proxy.url()).chainHash(league.info().hashHex())
                            .build()) {
                ChainInfo info = drand.info();
                assertThat(info).isEqualTo(league.info());
                for (Beacon b : league.beacons()) {
                    assertThat(drand.get(b.round()).signature()).as(league.name() + " round " + b.round())
                            .isEqualTo(b.signature());
                }
                Beacon last = league.beacons().get(league.beacons().size() - 1);
                assertThat(drand.latest().round()).isEqualTo(last.round());
                if (league.beacons().size() < 2) {
                    continue; // one beacon only: no other signature to forge it with
                }
                Beacon first = league.beacons().get(0);
                String sig = Hex.encode(first.signature());
                String forged = Hex.encode(last.signature());
                proxy.rewrite = body -> body.replace(sig, forged).replace(Hex.encode(first.randomness()),
                        Hex.encode(last.randomness()));
                try (DrandClient fresh = builder().endpoint(proxy.url()).chainInfo(league.info()).build()) {
                    assertThatThrownBy(() -> fresh.get(first.round())).as(league.name())
                            .isInstanceOf(VerificationException.class);
                }
            }
        }
    }
}
