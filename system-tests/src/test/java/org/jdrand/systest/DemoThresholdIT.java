package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threshold at work in {@code jdrand demo} (the real process, n = 5, t = 3): two nodes killed
 * with SIGKILL mid-run are reported by name with the command that restarts them, and the demo
 * keeps printing verified rounds signed by the 3 left until its {@code --rounds} bound.
 */
class DemoThresholdIT {
    private static final Pattern ROUND = Pattern.compile("^round (\\d+)\\s+randomness \\S+\\s+(\\d+)/5 nodes agree\\s+(.*)$");

    @TempDir
    Path dir;
    private Process demo;

    @AfterEach
    void noProcessLeft() throws Exception {
        if (demo != null) {
            List<ProcessHandle> nodes = demo.descendants().toList();
            if (demo.isAlive()) {
                demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            nodes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void demoGoesOnWhenTwoOfFiveNodesExit() throws Exception {
        Path folder = dir.resolve("demo");
        Path err = dir.resolve("demo.err");
        List<String> cmd = Jar.java(Jar.CLI_JVM);
        cmd.addAll(List.of("demo", "--dir", folder.toString(), "--nodes", "5", "--threshold", "3", "--period", "2s",
                "--genesis-delay", "20s", "--rounds", "10"));
        demo = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        demo.getOutputStream().close();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(out::add);
            } catch (java.io.IOException e) {
                out.add("(output closed: " + e.getMessage() + ")");
            }
        }, "demo-out");
        reader.start();

        Awaitility.await("the demo's first two rounds").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(demo.isAlive()).as("demo ended early: " + out + Files.readString(err)).isTrue();
                    return out.stream().filter(l -> ROUND.matcher(l).matches()).count() >= 2;
                });
        int killedAt = out.size();
        List<ProcessHandle> started = demo.descendants().toList();
        for (int i : new int[] {2, 4}) {
            String nodeFolder = folder.resolve("node-" + i).toString() + " ";
            List<ProcessHandle> node = demo.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(nodeFolder)).orElse(false)).toList();
            assertThat(node).as("node " + i + " process").hasSize(1);
            node.get(0).destroyForcibly();
            Awaitility.await("node " + i + " gone").atMost(Duration.ofSeconds(30)).until(() -> !node.get(0).isAlive());
        }

        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo ends after --rounds").isTrue();
        reader.join(10_000);
        String stderr = Files.readString(err);
        String all = String.join("\n", out) + "\n" + stderr;
        assertThat(demo.exitValue()).as("demo exit; output:\n" + all).isZero();
        for (int i : new int[] {2, 4}) {
            assertThat(stderr).contains("demo: node " + i + " left the network")
                    .contains("demo: to bring node " + i + " back, in another terminal: ")
                    .contains("start --folder " + folder.resolve("node-" + i));
        }
        assertThat(stderr).contains("3 of 5 nodes still run, threshold 3: the chain goes on");

        // every round printed verified and undisputed; after the kills, rounds were signed by the 3 left
        List<Matcher> rounds = out.stream().map(ROUND::matcher).filter(Matcher::matches).toList();
        assertThat(rounds).hasSize(10);
        for (Matcher m : rounds) {
            assertThat(m.group(3)).as(m.group()).startsWith("verified").doesNotContain("ANOTHER BEACON");
        }
        List<Matcher> after = out.subList(killedAt, out.size()).stream().map(ROUND::matcher).filter(Matcher::matches)
                .toList();
        assertThat(after).as("rounds after the kills").hasSizeGreaterThanOrEqualTo(5);
        Matcher last = after.get(after.size() - 1);
        assertThat(last.group(2)).as(last.group()).isEqualTo("3");
        assertThat(last.group(3)).contains("(2 down)");
        long prev = -1;
        for (Matcher m : rounds) {
            long r = Long.parseLong(m.group(1));
            assertThat(r).as("rounds increase").isGreaterThan(prev);
            prev = r;
        }
        Awaitility.await("no process of the demo left").atMost(Duration.ofSeconds(30))
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    }
}
