package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdrand dkg init} and {@code dkg reshare} with a proposal file they cannot use, and
 * {@code dkg join} with a missing group file, run from the built jar: one line that names the file
 * and the entry, exit 2, no stack trace, nothing sent (the control port given is closed, so
 * reaching it would say so instead).
 */
class ProposalFileErrorsIT {
    private static final String KEY = "8200fc249deb0148eb918d6e213980c5d01acd7fc251900d9260136da3b54836ce125172399ddc69c4e3e11429b62c11";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    @Test
    void aProposalThatCannotBeUsedIsOneLineNamingWhy() throws Exception {
        Path missing = dir.resolve("missing.toml");
        assertThat(init(missing)).isEqualTo(new Result(2, "", "init: proposal " + missing + ": no such file\n"));

        Path notToml = write("bad.toml", "not toml [[[\n");
        Result r = init(notToml);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("init: proposal " + notToml + ": invalid TOML: ").contains("(line 1, column")
                .doesNotContain("\tat ").hasLineCount(1);

        Path badKey = write("key.toml", entry("127.0.0.1:9001", KEY) + entry("127.0.0.1:9002", "zz"));
        assertThat(init(badKey)).isEqualTo(new Result(2, "",
                "init: proposal " + badKey + ": [[Joining]] #2 127.0.0.1:9002: Key: hex: not a hex string: zz\n"));

        Path noAddress = write("addr.toml", "[[Joining]]\nKey = \"" + KEY + "\"\n");
        assertThat(init(noAddress)).isEqualTo(new Result(2, "",
                "init: proposal " + noAddress + ": [[Joining]] #1: missing Address\n"));

        Path badLeaver = write("reshare.toml", entry("127.0.0.1:9001", KEY).replace("Joining", "Remaining")
                + "[[Leaving]]\nAddress = \"127.0.0.1:9003\"\nKey = \"" + KEY + "\"\nSignature = \"0x1\"\n");
        assertThat(run("dkg", "reshare", "--control", "1", "--proposal", badLeaver.toString(), "--threshold", "2"))
                .isEqualTo(new Result(2, "", "reshare: proposal " + badLeaver
                        + ": [[Leaving]] #1 127.0.0.1:9003: Signature: hex: odd length 1\n"));
    }

    @Test
    void aMissingGroupFileForJoinIsOneLine() throws Exception {
        Path missing = dir.resolve("group.toml");
        assertThat(run("dkg", "join", "--control", "1", "--group", missing.toString()))
                .isEqualTo(new Result(2, "", "join: --group " + missing + ": no such file\n"));
    }

    @Test
    void aUsableProposalGetsAsFarAsTheControlPort() throws Exception {
        Path ok = write("ok.toml", entry("127.0.0.1:9001", KEY) + entry("127.0.0.1:9002", KEY));
        Result r = init(ok);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("init: cannot reach the daemon's control port 127.0.0.1:1");
    }

    private static String entry(String address, String key) {
        return "[[Joining]]\nAddress = \"" + address + "\"\nKey = \"" + key + "\"\nSignature = \"00\"\n";
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Result init(Path proposal) throws Exception {
        return run("dkg", "init", "--control", "1", "--proposal", proposal.toString(), "--threshold", "2", "--period",
                "3s", "--genesis-delay", "20s");
    }

    private Result run(String... args) throws Exception {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("system property jdrand.jar").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jdrand %s exits", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
