package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.node.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code jdrand sync} run as picocli command against in-process daemons (the CLI lives in
 * node.cli; this test sits here for {@link TestNetwork}).
 */
@Timeout(120)
class SyncCommandTest {

    record Run(int code, String out, String err) {}

    static Run jdrand(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void followsThenChecksThroughTheCli() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 6, TestNetwork.all(3));
            Daemon node = f.start(null);
            String control = String.valueOf(node.controlPort());
            String hash = net.group.chainInfo().hashHex();

            Run follow = jdrand("sync", "--follow", "--sync-nodes", f.node(0) + "," + f.node(1), "--chain-hash", hash,
                    "--up-to", "6", "--control", control);
            assertThat(follow.code()).as(follow.err()).isZero();
            assertThat(follow.err()).contains("synced 6/6 (100.0 %)");
            assertThat(follow.out()).isEqualTo("follow: beacon default synced to round 6 (chain "
                    + Hex.shortHex(net.group.chainInfo().hash()) + ")" + System.lineSeparator());

            Run check = jdrand("sync", "--sync-nodes", f.node(2), "--control", control);
            assertThat(check.code()).as(check.err()).isZero();
            assertThat(check.err()).contains("checked 6/6 (100.0 %)");
            assertThat(check.out()).contains("check: beacon default rounds 1..6 all valid");

            // a corrupted round 3 (round 4 chains on it): the dry run reports, a check with a peer repairs
            java.util.List<org.jdrand.crypto.chain.Beacon> honest = net.chain(0, 6);
            node.supervisor().byId("default").orElseThrow().store().repair(new org.jdrand.crypto.chain.Beacon(3,
                    honest.get(0).signature(), honest.get(1).signature()));
            Run dry = jdrand("sync", "--sync-nodes", node.privateAddress(), "--control", control);
            assertThat(dry.code()).isEqualTo(1);
            assertThat(dry.err()).contains("check: 2 invalid or missing round(s) in 1..6: 3..4 (dry run");
            Run repair = jdrand("sync", "--sync-nodes", f.node(2), "--up-to", "6", "--control", control);
            assertThat(repair.code()).as(repair.err()).isZero();
            assertThat(repair.err()).contains("repaired 2/2 (100.0 %)");
            assertThat(repair.out()).contains("check: beacon default rounds 1..6: 2 bad or missing round(s) re-fetched "
                    + "and repaired");
            assertThat(node.supervisor().byId("default").orElseThrow().store().range(1, 6)).isEqualTo(honest);

            Run wrongHash = jdrand("sync", "--follow", "--sync-nodes", f.node(0), "--chain-hash", "ab".repeat(32),
                    "--id", "default", "--control", control);
            assertThat(wrongHash.code()).isEqualTo(1);
            assertThat(wrongHash.err()).contains("follow: chain hash").contains("--chain-hash");
        }
    }

    @Test
    void usageErrorsAndAnUnreachableDaemonAreExplained() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Run down = jdrand("sync", "--sync-nodes", "127.0.0.1:1", "--control", String.valueOf(free));
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("jdrand start").contains("--control " + free);

        assertThat(jdrand("sync", "--follow").code()).isEqualTo(2);
        Run badHash = jdrand("sync", "--sync-nodes", "a:1", "--chain-hash", "xyz");
        assertThat(badHash.code()).isEqualTo(2);
        assertThat(badHash.err()).contains("--chain-hash xyz");
        assertThat(jdrand("sync", "--sync-nodes", "a:1", "--up-to", "-3").code()).isEqualTo(2);

        Run help = jdrand("sync", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Examples:").contains("--sync-nodes").contains("--follow");
    }
}
