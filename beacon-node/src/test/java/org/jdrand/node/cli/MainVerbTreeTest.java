package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Main#commandLine}: {@code jdrand <verb> ...} builds only that verb's commands, and behaves
 * exactly as the whole tree does (usage, errors, exit codes, output).
 */
@Timeout(60)
class MainVerbTreeTest {
    private static final String README_VERIFY = "verify --scheme bls-unchained-g1-rfc9380 --public-key "
            + "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c"
            + "921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a --round 1 --signature "
            + "b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b";

    @Test
    void aVerbGetsOnlyItsOwnCommands() {
        assertThat(Main.commandLine(new String[] {"verify", "--help"}).getSubcommands()).containsOnlyKeys("verify");
        assertThat(Main.commandLine(new String[] {"dkg", "status"}).getSubcommands()).containsOnlyKeys("dkg");
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
    }

    @Test
    void usageHelpDemoAndUnknownVerbsGetTheWholeTree() {
        int all = new picocli.CommandLine(new Main()).getSubcommands().size();
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "verify"},
                new String[] {"demo", "--help"}, new String[] {"no-such-verb"}, new String[] {"--version", "x"})) {
            assertThat(Main.commandLine(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void everyVerbPrintsTheSameHelpAndErrorsAsTheWholeTree() {
        List<List<String>> paths = paths(new picocli.CommandLine(new Main()), new ArrayList<>());
        assertThat(paths).hasSizeGreaterThan(30);
        for (List<String> path : paths) {
            for (String last : List.of("--help", "--no-such-option")) {
                List<String> args = new ArrayList<>(path);
                args.add(last);
                String[] a = args.toArray(String[]::new);
                assertThat(run(Main.commandLine(a), a)).as(String.join(" ", a)).isEqualTo(run(new picocli.CommandLine(new Main()), a));
            }
        }
    }

    @Test
    void versionAndTheReadmeVerifyRunAsThroughTheWholeTree() {
        for (String[] a : List.of(new String[] {"--version"}, README_VERIFY.split(" "))) {
            Run fast = run(Main.commandLine(a), a);
            assertThat(fast).isEqualTo(run(new picocli.CommandLine(new Main()), a));
            assertThat(fast.code()).isZero();
        }
        assertThat(run(Main.commandLine(README_VERIFY.split(" ")), README_VERIFY.split(" ")).out())
                .startsWith("round 1 ok randomness 1466a6cd24e327188770752f6134001c64d6efcc590ccc26b721611ad96f165a");
        assertThat(run(Main.commandLine(new String[] {"-V"}), new String[] {"-V"}).out()).isEqualTo(Main.VERSION + "\n");
    }

    private static List<List<String>> paths(picocli.CommandLine c, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, picocli.CommandLine> e : c.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // picocli's help command, and aliases
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            out.addAll(paths(e.getValue(), path));
        }
        return out;
    }

    record Run(int code, String out) {
    }

    private static Run run(picocli.CommandLine cmd, String[] args) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString());
    }
}
