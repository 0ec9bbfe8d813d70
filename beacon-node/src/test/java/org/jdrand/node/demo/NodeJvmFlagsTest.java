package org.jdrand.node.demo;

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

/**
 * The demo's nodes run with exactly the daemon's JVM settings: {@link JdrandLauncher#NODE_JVM} and
 * {@link JdrandLauncher#NODE_ENV} against what deploy/bin/jdrand gives {@code jdrand start}, so the
 * two copies (one in Java, one in the operator's shell launcher) cannot drift apart. The launcher
 * runs against a stand-in JDK whose {@code java} prints its arguments instead of starting a JVM
 * (its {@code -version} probes go to this test's real JVM, so the flags are this JDK's).
 */
class NodeJvmFlagsTest {
    @TempDir
    Path dir;

    @Test
    void theDemosNodesGetExactlyTheFlagsOfJdrandStart() throws Exception {
        Path launcher = Path.of("..", "deploy", "bin", "jdrand").toAbsolutePath().normalize();
        assertThat(launcher).as("the operator's launcher in this checkout").isExecutable();
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path release = Path.of(System.getProperty("java.home"), "release");
        if (Files.isRegularFile(release)) {
            Files.copy(release, jdk.resolve("release"));
        }
        Path fakeJava = jdk.resolve("bin/java");
        Files.writeString(fakeJava, "#!/bin/sh\n"
                + "for a in \"$@\"; do [ \"$a\" = -version ] && exec '" + realJava + "' \"$@\"; done\n"
                + "echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\"\n"
                + "printf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createFile(dir.resolve("jdrand.jar"));

        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "start", "--help").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JDRAND_") || k.equals("MALLOC_ARENA_MAX"));
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("JDRAND_JAR", jar.toString());
        // the daemon's ahead-of-time cache (JDK 25+) is per user and per run, not a setting: off here
        pb.environment().put("JDRAND_CDS", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();

        assertThat(lines).as("the launcher's output").contains("-jar");
        int jarAt = lines.indexOf("-jar");
        List<String> env = new ArrayList<>();
        JdrandLauncher.NODE_ENV.forEach((k, v) -> env.add(k + "=" + v));
        assertThat(lines.subList(0, 1)).as("the daemon's environment").isEqualTo(env);
        assertThat(lines.subList(1, jarAt)).as("the daemon's JVM flags").isEqualTo(JdrandLauncher.NODE_JVM);
        assertThat(lines.subList(jarAt, lines.size())).containsExactly("-jar", jar.toString(), "start", "--help");
    }
}
