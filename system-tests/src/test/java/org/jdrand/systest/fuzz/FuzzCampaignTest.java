package org.jdrand.systest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounded fuzzing pass of CI: every fuzz target in its own JVM under Jazzer's driver
 * ({@code com.code_intelligence.jazzer.Jazzer --target_class --target_method}, libFuzzer's
 * {@code -max_total_time}), coverage-instrumenting the product ({@code org.jdrand.**}), the heap
 * bounded by {@code -Xmx} (libFuzzer's RSS limit is off: Jazzer's process starts above 2 GB), seeded
 * with a copy of the committed inputs (so the committed folder is never written). A finding fails
 * the test and its input is left in {@code target/fuzz-findings/}. Runs only with
 * {@code -Dfuzz.seconds=N} (seconds per target; {@code .ci/run} passes it on its first pass);
 * a plain build only replays the committed inputs (the fuzz test classes themselves).
 * {@code -Dfuzz.only=TEXT} keeps the targets whose {@code class#method} contains TEXT.
 */
class FuzzCampaignTest {
    static final List<String> TARGETS = List.of(
            "org.jdrand.systest.fuzz.DecoderFuzzTest#pointDecoders",
            "org.jdrand.systest.fuzz.DecoderFuzzTest#scalarDecoder",
            "org.jdrand.systest.fuzz.DecoderFuzzTest#groupFile",
            "org.jdrand.systest.fuzz.DecoderFuzzTest#shareFile",
            "org.jdrand.systest.fuzz.DecoderFuzzTest#keyPairFiles",
            "org.jdrand.systest.fuzz.DecoderFuzzTest#dkgStateFile",
            "org.jdrand.systest.fuzz.WireFuzzTest#partialBeacon",
            "org.jdrand.systest.fuzz.WireFuzzTest#beaconPacket",
            "org.jdrand.systest.fuzz.WireFuzzTest#chainInfoPacket",
            "org.jdrand.systest.fuzz.WireFuzzTest#groupPacket",
            "org.jdrand.systest.fuzz.WireFuzzTest#dkgGossip",
            "org.jdrand.systest.fuzz.WireFuzzTest#dkgBroadcast",
            "org.jdrand.client.JsonFuzzTest#chainInfoJson",
            "org.jdrand.client.JsonFuzzTest#beaconJson",
            "org.jdrand.systest.fuzz.HttpRequestFuzzTest#requestHead");

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyTargetFuzzedForABoundedTime() throws Exception {
        int seconds = Integer.getInteger("fuzz.seconds", 0);
        Assumptions.assumeTrue(seconds > 0, "fuzz.seconds is 0: the fuzz tests only replay their committed inputs");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path work = Path.of("target", "fuzz");
        Path findings = Path.of("target", "fuzz-findings");
        Files.createDirectories(findings);
        List<String> failed = new ArrayList<>();
        String only = System.getProperty("fuzz.only", "");
        for (String target : TARGETS.stream().filter(t -> t.contains(only)).toList()) {
            String cls = target.substring(0, target.indexOf('#'));
            String method = target.substring(target.indexOf('#') + 1);
            Path corpus = work.resolve(cls.substring(cls.lastIndexOf('.') + 1) + "-" + method);
            seed(cls, method, corpus);
            Path log = work.resolve(corpus.getFileName() + ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, "com.code_intelligence.jazzer.Jazzer",
                    "--target_class=" + cls, "--target_method=" + method, "--instrumentation_includes=org.jdrand.**",
                    "-max_total_time=" + seconds, "-rss_limit_mb=0", "-timeout=60",
                    "-artifact_prefix=" + findings.toAbsolutePath() + "/" + corpus.getFileName() + "-",
                    corpus.toAbsolutePath().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                failed.add(target + ": no exit (" + log + ")");
                continue;
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String stats = out.lines().filter(l -> l.startsWith("Done ")).findFirst().orElse("(no libFuzzer summary)");
            System.out.printf("FUZZ %s exit=%d %s%n", target, p.exitValue(), stats);
            if (p.exitValue() != 0) {
                failed.add(target + ": exit " + p.exitValue() + "\n" + tail(out));
            }
        }
        assertThat(failed).as("fuzz findings (inputs in " + findings + ")").isEmpty();
    }

    /** The committed inputs of a target, copied as the starting corpus. */
    private static void seed(String cls, String method, Path corpus) throws IOException {
        Files.createDirectories(corpus);
        Path committed = Path.of("src", "test", "resources").resolve(cls.replace('.', '/') + "Inputs").resolve(method);
        if (Files.isDirectory(committed)) {
            try (Stream<Path> files = Files.list(committed)) {
                for (Path f : files.toList()) {
                    Files.copy(f, corpus.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String tail(String out) {
        List<String> lines = out.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
