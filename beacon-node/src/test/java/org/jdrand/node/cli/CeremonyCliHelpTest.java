package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every ceremony and operator command answers --help with a description and examples; bad input says what to do. */
class CeremonyCliHelpTest {
    private static final List<String> OURS = List.of("dkg", "show", "stop", "util", "get");

    private static List<CommandLine> leaves(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        out.add(c);
        c.getSubcommands().values().forEach(s -> out.addAll(leaves(s)));
        return out;
    }

    private static String run(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        cmd.execute(args);
        return out + err.toString();
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine root = new CommandLine(new Main());
        int checked = 0;
        for (String name : OURS) {
            for (CommandLine c : leaves(root.getSubcommands().get(name))) {
                String help = c.getUsageMessage();
                assertThat(help).as(c.getCommandSpec().qualifiedName()).contains("Usage:").contains("--help")
                        .containsPattern("Examples?\\b");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void dkgWithoutADaemonSaysWhatToDo() {
        String out = run("dkg", "status", "--control", "1");
        assertThat(out).contains("cannot reach the daemon's control port 127.0.0.1:1")
                .contains("is 'jdrand start' running");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertThat(run("dkg", "init", "--proposal", "p.toml")).contains("Missing required options")
                .contains("--threshold");
        assertThat(run("dkg", "init", "--proposal", "p.toml", "--threshold", "2", "--period", "ten",
                "--genesis-delay", "1m")).contains("duration \"ten\" (expected e.g. 500ms, 10s, 1m30s or 24h)");
    }
}
