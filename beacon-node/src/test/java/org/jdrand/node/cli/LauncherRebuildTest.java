package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the repository's {@code ./jdrand} rebuilds the jar: when it is missing or a source is newer,
 * never because of build output (the benchmarks' generated sources are written after the jar by
 * {@code mvnw verify}, which made every later run rebuild), and once per change even when Maven
 * leaves an unchanged jar as it was. The script runs in a copy of the checkout's layout with a
 * stand-in {@code mvnw} that only logs, and a stand-in {@code deploy/bin/jdrand}.
 */
class LauncherRebuildTest {
    private static final Instant JAR_TIME = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path root;
    Path jar;

    @BeforeEach
    void checkout() throws Exception {
        Path script = Path.of("..", "jdrand").toAbsolutePath().normalize();
        assertThat(script).as("the repository's launcher").isExecutable();
        Files.copy(script, root.resolve("jdrand"));
        executable(root.resolve("mvnw"), "#!/bin/sh\necho build >> \"$(dirname \"$0\")/builds.log\"\n"
                + "mkdir -p beacon-node/target && [ -f beacon-node/target/jdrand.jar ] || : > beacon-node/target/jdrand.jar\n");
        Files.createDirectories(root.resolve("deploy/bin"));
        executable(root.resolve("deploy/bin/jdrand"), "#!/bin/sh\necho \"ran $*\"\n");
        jar = root.resolve("beacon-node/target/jdrand.jar");
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);
        Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
        source("beacon-node/src/main/java/Old.java", JAR_TIME.minusSeconds(60));
    }

    @Test
    void buildOutputNewerThanTheJarIsNoReasonToRebuild() throws Exception {
        source("bench/target/generated-sources/annotations/Generated.java", JAR_TIME.plusSeconds(60));
        source("client/node_modules/x/pom.xml", JAR_TIME.plusSeconds(60));
        assertThat(run()).isEqualTo("ran --version\n");
        assertThat(builds()).isZero();
    }

    @Test
    void aChangedSourceRebuildsOnceEvenWhenMavenLeavesTheJarAsItWas() throws Exception {
        source("crypto/src/main/java/Changed.java", JAR_TIME.plusSeconds(60));
        assertThat(run()).isEqualTo("ran --version\n");
        assertThat(builds()).as("the first run after the change").isEqualTo(1);
        assertThat(run()).isEqualTo("ran --version\n");
        assertThat(builds()).as("the next run").isEqualTo(1);
    }

    @Test
    void aMissingJarIsBuiltAndNoRebuildIsHonoured() throws Exception {
        source("grpc/src/main/proto/drand.proto", JAR_TIME.plusSeconds(60));
        assertThat(run("JDRAND_NO_REBUILD", "1")).isEqualTo("ran --version\n");
        assertThat(builds()).as("JDRAND_NO_REBUILD=1 with a newer source").isZero();
        Files.delete(jar);
        assertThat(run("JDRAND_NO_REBUILD", "1")).isEqualTo("ran --version\n");
        assertThat(builds()).as("a missing jar is built regardless").isEqualTo(1);
        assertThat(jar).exists();
    }

    private String run(String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("jdrand").toString(), "--version").directory(root.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("JDRAND_"));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private long builds() throws Exception {
        Path log = root.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    private void source(String path, Instant modified) throws Exception {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "");
        Files.setLastModifiedTime(f, FileTime.from(modified));
    }

    private static void executable(Path f, String text) throws Exception {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
