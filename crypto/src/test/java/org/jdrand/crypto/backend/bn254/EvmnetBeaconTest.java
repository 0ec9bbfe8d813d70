package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.InvalidBeaconException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real evmnet beacons against the real evmnet chain info (resources/bn254/evmnet.json, from drand-client). */
class EvmnetBeaconTest {
    private static JsonNode info;
    private static List<JsonNode> beacons;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EvmnetBeaconTest.class.getResourceAsStream("/bn254/evmnet.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            info = root.get("info");
            beacons = new ArrayList<>();
            root.get("beacons").forEach(beacons::add);
        }
    }

    private static Scheme scheme() {
        return Scheme.verifiableById(info.get("schemeID").asText());
    }

    private static ChainInfo chainInfo() {
        return new ChainInfo(Hex.decode(info.get("public_key").asText()), info.get("metadata").get("beaconID").asText(),
                info.get("period").asInt(), scheme(), info.get("genesis_time").asLong(),
                Hex.decode(info.get("groupHash").asText()));
    }

    private static Beacon beacon(JsonNode b, long round) {
        return new Beacon(round, Hex.decode(b.get("signature").asText()), null);
    }

    @Test
    void chainHashRecomputes() {
        assertThat(scheme()).isSameAs(Scheme.BLS_BN254_UNCHAINED_ON_G1);
        assertThat(chainInfo().hashHex()).isEqualTo(info.get("hash").asText());
    }

    @Test
    void roundMessageIsKeccakOfTheBigEndianRound() {
        // drand known answer: keccak256(uint64_be(6390578))
        assertThat(Hex.encode(scheme().digest(null, 6390578)))
                .isEqualTo("78d70a4e119bab24575a28d0fe8568071af4f1bd2b656111ec971f41ef5d7640");
    }

    @Test
    void realBeaconsVerifyAndChangedRoundsDoNot() {
        // any configured BLS12-381 backend: the verifier uses the bn254 one for this scheme
        BeaconVerifier v = BeaconVerifier.forChain(BlsBackends.bouncyCastle(), chainInfo());
        assertThat(beacons).isNotEmpty();
        for (JsonNode b : beacons) {
            long round = b.get("round").asLong();
            Beacon beacon = beacon(b, round);
            v.check(beacon);
            assertThat(Hex.encode(beacon.randomness())).isEqualTo(b.get("randomness").asText());
            assertThat(v.isValid(beacon(b, round + 1))).isFalse();
            assertThatThrownBy(() -> v.check(beacon(b, round - 1))).isInstanceOf(InvalidBeaconException.class)
                    .hasMessageContaining("invalid signature");
        }
        List<Beacon> batch = new ArrayList<>();
        for (JsonNode b : beacons) {
            batch.add(beacon(b, b.get("round").asLong()));
            batch.add(beacon(b, b.get("round").asLong() + 7));
        }
        assertThat(v.invalidRounds(batch)).containsExactlyElementsOf(
                beacons.stream().map(b -> b.get("round").asLong() + 7).toList());
    }

    @Test
    void publicKeyRoundTripsInKyberOrder() {
        byte[] pk = Hex.decode(info.get("public_key").asText());
        G2 p = Bn254Encoding.decodeG2(pk);
        assertThat(Bn254Encoding.encode(p)).isEqualTo(pk);
        byte[] sig = Hex.decode(beacons.get(0).get("signature").asText());
        assertThat(Bn254Encoding.encode(Bn254Encoding.decodeG1(sig))).isEqualTo(sig);
    }
}
