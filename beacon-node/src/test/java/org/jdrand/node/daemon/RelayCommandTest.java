package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.relay.RelayCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code jdrand relay} options end to end: a quicknet-style network relayed and checked by drand-client. */
@Timeout(180)
class RelayCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void relayCommandServesAPinnedChainFromItsLatestBeacon() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "quicknet").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            RelayCommand cmd = new RelayCommand();
            new CommandLine(cmd).parseArgs("--upstream", "127.0.0.1:" + net.ports[0] + ",127.0.0.1:" + net.ports[1],
                    "--listen", "127.0.0.1:0", "--beacon-id", "quicknet", "--chain-hash", info.hashHex());
            try (RelayCommand.Running relay = cmd.start(net.clock, TestNetwork.BACKEND, new PrometheusRegistry())) {
                String base = "http://127.0.0.1:" + relay.httpPort();
                HttpClient client = HttpClient.newHttpClient();
                assertThat(JSON.readTree(RelayTest.get(client, base + "/public/latest").body()).get("round").asLong())
                        .isEqualTo(5);
                assertThat(RelayTest.get(client, base + "/public/4").statusCode()).isEqualTo(404); // no history
                assertThat(JSON.readTree(RelayTest.get(client, base + "/v2/beacons/quicknet/info").body())
                        .get("chain_hash").asText()).isEqualTo(info.hashHex());
                net.runRounds(6, 7, TestNetwork.all(3));
                await().atMost(Duration.ofSeconds(20)).until(() -> relay.sources().get(0).lastRound() == 7);

                List<String> cmdLine = new ArrayList<>(List.of("node", "interop.mjs", base, info.hashHex(),
                        Hex.encode(info.publicKey()), "5", "6", "7"));
                String[] out = new String[1];
                int exit = NodeHttpApiTest.run(cmdLine, NodeHttpApiTest.drandClientDir(), 60, out);
                assertThat(exit).as(out[0]).isZero();
                assertThat(out[0]).contains("scheme=bls-unchained-g1-rfc9380", "round 7 ok", "latest ok: round 7");
            }
        }
    }
}
