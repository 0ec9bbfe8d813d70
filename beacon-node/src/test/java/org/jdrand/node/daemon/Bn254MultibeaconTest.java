package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.http.EngineBeaconSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One set of daemons (real gRPC on loopback, fake clock) runs a BLS12-381 chain and evmnet's BN254
 * chain side by side, as a League member does: both progress, verify under their own group key,
 * are served by one HTTP listener under their chain hashes, and the official drand-client verifies
 * the BN254 one there.
 */
@Timeout(180)
class Bn254MultibeaconTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bn254ChainRunsNextToABls12381ChainInOneDaemon() throws Exception {
        ExecutorService reads = Executors.newFixedThreadPool(2);
        try (TestNetwork def = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                TestNetwork evm = new TestNetwork(def, Scheme.BLS_BN254_UNCHAINED_ON_G1, "evmnet").startAll()) {
            for (long r = 1; r <= 4; r++) {
                def.advanceToRound(r);
                def.awaitRound(r, TestNetwork.all(3));
                evm.awaitRound(r, TestNetwork.all(3));
            }
            assertThat(def.daemons[0].supervisor().beacons()).hasSize(2);
            for (TestNetwork net : List.of(def, evm)) {
                List<Beacon> chain = net.chain(0, 4);
                assertThat(net.chain(1, 4)).isEqualTo(chain).isEqualTo(net.chain(2, 4));
                assertThat(net.verifier().invalidRounds(chain)).as(net.scheme.id()).isEmpty();
            }
            assertThat(evm.chain(0, 4).get(0).signature()).hasSize(64);
            assertThat(def.chain(0, 4).get(0).signature()).hasSize(96);

            ChainInfo evmInfo = evm.group.chainInfo();
            try (HttpApiService http = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    EngineBeaconSource.registry(def.daemons[0].supervisor().beacons(), reads), def.clock).start()) {
                String base = "http://127.0.0.1:" + http.port();
                HttpClient client = HttpClient.newHttpClient();
                List<String> hashes = new ArrayList<>();
                JSON.readTree(NodeHttpApiTest.get(client, base + "/chains").body()).forEach(h -> hashes.add(h.asText()));
                assertThat(hashes).containsExactlyInAnyOrder(evmInfo.hashHex(), def.group.chainInfo().hashHex());
                JsonNode info = JSON.readTree(NodeHttpApiTest.get(client, base + "/" + evmInfo.hashHex() + "/info").body());
                assertThat(info.get("schemeID").asText()).isEqualTo("bls-bn254-unchained-on-g1");
                assertThat(info.get("metadata").get("beaconID").asText()).isEqualTo("evmnet");
                assertThat(info.get("public_key").asText()).isEqualTo(Hex.encode(evmInfo.publicKey())).hasSize(256);

                List<String> cmd = new ArrayList<>(List.of("node", "interop.mjs", base + "/" + evmInfo.hashHex(),
                        evmInfo.hashHex(), Hex.encode(evmInfo.publicKey()), "1", "2", "3", "4"));
                String[] out = new String[1];
                int exit = NodeHttpApiTest.run(cmd, NodeHttpApiTest.drandClientDir(), 60, out);
                assertThat(exit).as(out[0]).isZero();
                assertThat(out[0]).contains("scheme=bls-bn254-unchained-on-g1", "beaconID=evmnet", "round 4 ok",
                        "latest ok: round 4");
            }
        } finally {
            reads.shutdownNow();
        }
    }
}
