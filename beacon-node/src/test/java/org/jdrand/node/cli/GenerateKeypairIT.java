package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real jar, as an operator would: {@code java -jar jdrand.jar generate-keypair ...}. */
class GenerateKeypairIT {

    @TempDir
    Path folder;

    record Result(int code, String out, String err) {}

    private static Result jdrand(String... args) throws Exception {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("jdrand.jar system property (set by beacon-node's pom)").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jdrand finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void generatesAKeyPairOnceAndRefusesToOverwrite() throws Exception {
        Result first = jdrand("generate-keypair", "--folder", folder.toString(), "--id", "default", "127.0.0.1:4444");
        assertThat(first.code()).as(first.err()).isZero();
        Path pub = folder.resolve("multibeacon/default/key/drand_id.public");
        Path priv = folder.resolve("multibeacon/default/key/drand_id.private");
        assertThat(first.out()).contains("Public key file: " + pub).contains("Address = \"127.0.0.1:4444\"")
                .contains("SchemeName = \"pedersen-bls-chained\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        String secretLine = Files.readAllLines(priv).get(0);
        String secretHex = secretLine.substring(secretLine.indexOf('"') + 1, secretLine.lastIndexOf('"'));
        assertThat(secretHex).hasSize(64);
        assertThat(first.out() + first.err()).doesNotContain(secretHex);

        Result again = jdrand("generate-keypair", "--folder", folder.toString(), "127.0.0.1:4444");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");
        assertThat(Files.readAllLines(priv).get(0)).isEqualTo(secretLine);
    }

    @Test
    void badAddressIsAClearError() throws Exception {
        Result r = jdrand("generate-keypair", "--folder", folder.toString(), "localhost");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("address: \"localhost\" has no port (expected host:port)");
        assertThat(folder.resolve("multibeacon")).doesNotExist();
    }
}
