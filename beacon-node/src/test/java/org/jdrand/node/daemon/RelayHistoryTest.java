package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.cli.Main;
import org.jdrand.node.relay.RelayCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jdrand relay --store-dir}: the relay keeps the whole history in SQLite (from genesis,
 * resumed after a restart), so a file timelocked to an old round opens through the relay with
 * {@code jdrand tlock decrypt --url}.
 */
@Timeout(180)
class RelayHistoryTest {
    @TempDir
    Path dir;

    private RelayCommand.Running relay(TestNetwork net, ChainInfo info) throws Exception {
        RelayCommand cmd = new RelayCommand();
        new CommandLine(cmd).parseArgs("--upstream", "127.0.0.1:" + net.ports[0] + ",127.0.0.1:" + net.ports[1],
                "--listen", "127.0.0.1:0", "--beacon-id", "quicknet", "--chain-hash", info.hashHex(),
                "--store-dir", dir.resolve("relay").toString());
        return cmd.start(net.clock, TestNetwork.BACKEND, new PrometheusRegistry());
    }

    private static int jdrand(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void relayKeepsHistorySoOldTimelockedFilesOpenFromIt() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "quicknet").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            HttpClient client = HttpClient.newHttpClient();
            Path plain = Files.writeString(dir.resolve("old.txt"), "locked to round 2");
            Path age = dir.resolve("old.age");
            Path out = dir.resolve("old.out");
            StringWriter err = new StringWriter();
            try (RelayCommand.Running relay = relay(net, info)) {
                String base = "http://127.0.0.1:" + relay.httpPort();
                await().atMost(Duration.ofSeconds(30)).until(() -> relay.sources().get(0).lastRound() == 5);
                assertThat(RelayTest.get(client, base + "/public/1").statusCode()).isEqualTo(200);
                assertThat(jdrand(err, "tlock", "encrypt", "--url", base, "--chain-hash", info.hashHex(), "--round", "2",
                        "--armor", "-o", age.toString(), plain.toString())).as(err.toString()).isZero();
                assertThat(jdrand(err, "tlock", "decrypt", "--url", base, "-o", out.toString(), age.toString()))
                        .as(err.toString()).isZero();
                assertThat(Files.readString(out)).isEqualTo("locked to round 2");
            }
            assertThat(Files.exists(dir.resolve("relay").resolve(info.hashHex() + ".sqlite"))).isTrue();

            // restarted on the same directory: resumes after round 5 and still serves round 2
            net.runRounds(6, 7, TestNetwork.all(3));
            Files.delete(out);
            try (RelayCommand.Running relay = relay(net, info)) {
                String base = "http://127.0.0.1:" + relay.httpPort();
                assertThat(relay.sources().get(0).lastRound()).isGreaterThanOrEqualTo(5);
                await().atMost(Duration.ofSeconds(30)).until(() -> relay.sources().get(0).lastRound() == 7);
                assertThat(RelayTest.get(client, base + "/public/2").statusCode()).isEqualTo(200);
                assertThat(jdrand(err, "tlock", "decrypt", "--url", base, "-o", out.toString(), age.toString()))
                        .as(err.toString()).isZero();
                assertThat(Files.readString(out)).isEqualTo("locked to round 2");
            }
        }
    }
}
