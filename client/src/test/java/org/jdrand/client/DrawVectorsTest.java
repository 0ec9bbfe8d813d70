package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/DRAWS.md's vectors (real League beacons, verified here first) reproduced by {@link Draw}. */
class DrawVectorsTest {
    static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = DrawVectorsTest.class.getResourceAsStream("/draw-vectors.json")) {
            doc = new ObjectMapper().readTree(in);
        }
    }

    static Beacon verifiedBeacon(JsonNode b) {
        Scheme scheme = Scheme.byId(b.get("scheme").asText());
        ChainInfo info = new ChainInfo(Hex.decode(b.get("public_key").asText()), b.get("beacon_id").asText(),
                b.get("period").asInt(), scheme, b.get("genesis_time").asLong(), Hex.decode(b.get("group_hash").asText()));
        assertThat(info.hashHex()).isEqualTo(b.get("chain_hash").asText());
        JsonNode prev = b.get("previous_signature");
        Beacon beacon = new Beacon(b.get("round").asLong(), Hex.decode(b.get("signature").asText()),
                prev.isNull() ? null : Hex.decode(prev.asText()));
        BeaconVerifier.forChain(BlsBackends.blst(), info).check(beacon);
        assertThat(Hex.encode(beacon.randomness())).isEqualTo(b.get("randomness").asText());
        return beacon;
    }

    @Test
    void everyVectorIsReproduced() {
        assertThat(doc.get("vectors")).hasSizeGreaterThanOrEqualTo(30);
        for (JsonNode v : doc.get("vectors")) {
            JsonNode b = doc.get("beacons").get(v.get("beacon").asInt());
            Draw d = Draw.of(Hex.decode(b.get("chain_hash").asText()), verifiedBeacon(b), v.get("label").asText());
            String name = v.get("name").asText();
            assertThat(Hex.encode(d.seed())).as(name).isEqualTo(v.get("seed").asText());
            DrawStream s = d.stream();
            byte[] prefix = new byte[64];
            for (int i = 0; i < 64; i++) {
                prefix[i] = (byte) s.nextByte();
            }
            assertThat(Hex.encode(prefix)).as(name).isEqualTo(v.get("stream_prefix").asText());
            assertThat(run(d, v)).as(name).isEqualTo(strings(v.get("expected")));
        }
    }

    static List<String> run(Draw d, JsonNode v) {
        switch (v.get("op").asText()) {
            case "integers": {
                List<String> out = new ArrayList<>();
                for (long x : d.integers(v.get("count").asInt(), Long.parseLong(v.get("min").asText()),
                        Long.parseLong(v.get("max").asText()))) {
                    out.add(Long.toString(x));
                }
                return out;
            }
            case "pick":
                return d.pick(v.get("k").asInt(), strings(v.get("items")));
            case "shuffle":
                return d.shuffle(strings(v.get("items")));
            case "pick_weighted": {
                List<String> w = strings(v.get("weights"));
                return d.pickWeighted(v.get("k").asInt(), strings(v.get("items")),
                        w.stream().mapToLong(Long::parseLong).toArray());
            }
            default:
                throw new IllegalArgumentException("unknown op " + v.get("op"));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void pickIsThePrefixOfTheShuffleAndLabelsSeparate() {
        byte[] hash = new byte[32];
        byte[] randomness = Scheme.sha256().digest(new byte[] {1});
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(i);
        }
        Draw a = Draw.of(hash, 7, randomness, "a");
        assertThat(a.pick(7, items)).isEqualTo(a.shuffle(items).subList(0, 7));
        assertThat(a.shuffle(items)).containsExactlyInAnyOrderElementsOf(items);
        assertThat(Draw.of(hash, 7, randomness, "b").shuffle(items)).isNotEqualTo(a.shuffle(items));
        assertThat(Draw.of(hash, 8, randomness, "a").seed()).isNotEqualTo(a.seed());
    }

    @Test
    void uniformStaysInRangeAndCoversIt() {
        DrawStream s = Draw.of(new byte[32], 1, new byte[32], "range").stream();
        int[] seen = new int[6];
        for (int i = 0; i < 6000; i++) {
            long x = s.uniform(6);
            assertThat(x).isBetween(0L, 5L);
            seen[(int) x]++;
        }
        for (int c : seen) {
            assertThat(c).isBetween(850, 1150); // 1000 expected each; ±15% is > 10 standard deviations
        }
        assertThat(s.uniform(1)).isZero();
        assertThat(s.uniform(Long.MAX_VALUE)).isNotNegative();
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        Draw d = Draw.of(new byte[32], 1, new byte[32], "x");
        assertThatThrownBy(() -> d.pick(3, List.of("a", "b"))).hasMessage("draw: pick 3 of 2 (expected 0 ≤ k ≤ n)");
        assertThatThrownBy(() -> d.integers(1, 5, 4)).hasMessageContaining("min ≤ max");
        assertThatThrownBy(() -> d.integers(1, Long.MIN_VALUE, Long.MAX_VALUE)).hasMessageContaining("too wide");
        assertThatThrownBy(() -> d.pickWeighted(1, List.of("a"), new long[] {0})).hasMessage("draw: weight 0 (expected ≥ 1)");
    }
}
