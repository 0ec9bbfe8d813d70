package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon per folder, through the built jar: a second {@code jdrand start} on a folder a running
 * daemon uses exits 1 naming the holder's pid, and so do {@code util reset} and {@code util
 * del-beacon}, which would delete what it holds; once the first has stopped (here SIGKILL, so no
 * shutdown hook runs) the folder starts again.
 */
@Timeout(180)
class FolderLockIT {
    @TempDir
    Path dir;

    @Test
    void aSecondDaemonOnTheSameFolderRefusesToStart() throws Exception {
        Path folder = dir.resolve("node");
        Process first = start(folder, "first.out");
        try {
            awaitRunning(first, dir.resolve("first.out"));

            Process second = start(folder, "second.out");
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second daemon exits").isTrue();
            List<String> err = Files.readAllLines(dir.resolve("second.out.err")).stream()
                    .filter(l -> l.startsWith("start: ")).toList();
            assertThat(second.exitValue()).as(String.join("\n", err)).isEqualTo(1);
            assertThat(err).containsExactly("start: --folder " + folder + ": another jdrand daemon is using it (pid "
                    + first.pid() + "); stop it first (expected one daemon per folder)");

            for (List<String> util : List.of(List.of("util", "reset", "--yes"), List.of("util", "del-beacon", "1"))) {
                String name = String.join(" ", util.subList(0, 2));
                Process p = run(folder, util, name + ".out");
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(name + " exits").isTrue();
                assertThat(p.exitValue()).as(name).isEqualTo(1);
                assertThat(Files.readAllLines(dir.resolve(name + ".out.err"))).as(name).contains(name + ": --folder " + folder
                        + ": another jdrand daemon is using it (pid " + first.pid() + "); stop it first (expected one daemon per folder)");
            }
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Process third = start(folder, "third.out");
        try {
            awaitRunning(third, dir.resolve("third.out"));
        } finally {
            third.destroy();
            assertThat(third.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Process start(Path folder, String out) throws Exception {
        return run(folder, List.of("start", "--private-listen", "127.0.0.1:0", "--control", "0"), out);
    }

    private Process run(Path folder, List<String> args, String out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-jar", System.getProperty("jdrand.jar")));
        cmd.addAll(args);
        cmd.addAll(List.of("--folder", folder.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(out).toFile())
                .redirectError(dir.resolve(out + ".err").toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static void awaitRunning(Process p, Path out) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> !p.isAlive() || Files.readString(out).contains("jdrand running:"));
        assertThat(p.isAlive()).as("the daemon runs").isTrue();
    }
}
