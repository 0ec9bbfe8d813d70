package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository's launcher {@code ./jdrand} (which runs {@code deploy/bin/jdrand}) on JDK 17 and
 * 25: a short verb's first run writes a class-data-sharing archive into the cache folder and the
 * next run maps the verb's classes from it; an unwritable cache folder or a corrupt archive changes
 * nothing the user sees; daemons get the heap defaults, which JDRAND_JAVA_OPTS overrides; on JDK 25
 * a daemon's marked training becomes the ahead-of-time cache its next start maps, and a training
 * that is unmarked or unusable builds nothing.
 */
@Timeout(300)
class LauncherIT {
    private static final String RANDOMNESS = "round 1 ok randomness 1466a6cd24e327188770752f6134001c64d6efcc590ccc26b721611ad96f165a\n";
    private static final List<String> README_VERIFY = List.of("verify", "--scheme", "bls-unchained-g1-rfc9380",
            "--public-key", "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c"
                    + "921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
            "--round", "1", "--signature",
            "b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theSecondRunMapsTheVerbsClassesFromTheArchive(int feature) throws Exception {
        Path java = JdkCompatibilityIT.javaOf(feature);
        Path cache = dir.resolve("cache");
        Path classes = dir.resolve("classes.log");
        // the same JDRAND_JAVA_OPTS both times (they are part of the archive's key)
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(),
                "JDRAND_JAVA_OPTS", "-Xlog:class+load:file=" + classes);

        Run first = launch(java, env, README_VERIFY);
        assertThat(first).as("first run on JDK %d", feature).isEqualTo(new Run(0, RANDOMNESS, ""));
        assertThat(loadedFrom(classes, "org.jdrand.node.cli.VerifyCommand")).startsWith("file:");
        List<Path> archives = cacheFiles(cache, ".jsa");
        assertThat(archives).as("archives after the first run").hasSize(1);
        assertThat(archives.get(0).getFileName().toString()).contains("-verify-");
        assertThat(Files.size(archives.get(0))).isGreaterThan(100_000);

        Run second = launch(java, env, README_VERIFY);
        assertThat(second).as("second run on JDK %d", feature).isEqualTo(new Run(0, RANDOMNESS, ""));
        assertThat(loadedFrom(classes, "org.jdrand.node.cli.VerifyCommand")).isEqualTo("shared objects file (top)");
        assertThat(loadedFrom(classes, "org.jdrand.crypto.chain.Beacon")).isEqualTo("shared objects file (top)");

        // a failing command keeps its exit code and output on its archive-writing first run
        Run usage = launch(java, env, List.of("verify", "--round", "1"));
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.out()).isEmpty();
        assertThat(usage.err()).isEqualTo("verify: usage: give either --chain-info or --public-key with --scheme\n");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void anUnwritableCacheOrACorruptArchiveChangesNothingTheUserSees(int feature) throws Exception {
        Path java = JdkCompatibilityIT.javaOf(feature);
        // a cache "folder" that is a file: no folder can be made below it, not even by root
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        for (int i = 0; i < 2; i++) {
            assertThat(launch(java, Map.of("XDG_CACHE_HOME", notAFolder.toString()), README_VERIFY))
                    .isEqualTo(new Run(0, RANDOMNESS, ""));
        }
        assertThat(Files.readString(notAFolder)).isEqualTo("x");

        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        assertThat(launch(java, env, README_VERIFY)).isEqualTo(new Run(0, RANDOMNESS, ""));
        Path archive = cacheFiles(cache, ".jsa").get(0);
        archive.toFile().setWritable(true);
        Files.write(archive, new byte[4096]); // zeros: no archive header
        for (int i = 0; i < 2; i++) {
            assertThat(launch(java, env, README_VERIFY)).as("corrupt archive, run %d", i).isEqualTo(new Run(0, RANDOMNESS, ""));
        }
        assertThat(launch(java, Map.of("XDG_CACHE_HOME", cache.toString(), "JDRAND_CDS", "0"), README_VERIFY))
                .isEqualTo(new Run(0, RANDOMNESS, ""));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void daemonsGetTheHeapDefaultsAndShortVerbsC1(int feature) throws Exception {
        Path java = JdkCompatibilityIT.javaOf(feature);
        Map<String, String> flags = Map.of("JDRAND_JAVA_OPTS", "-XX:+PrintCommandLineFlags", "JDRAND_CDS", "0");
        Run start = launch(java, flags, List.of("start", "--help"));
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("-XX:MaxHeapSize=134217728", "-XX:InitialHeapSize=50331648", "-XX:+UseSerialGC",
                "-XX:+AlwaysPreTouch",
                "-XX:MetaspaceSize=100663296",
                "-XX:TrimNativeHeapInterval=10000") // both JDKs here (17.0.15, 25) have the flag
                .doesNotContain("TieredStopAtLevel");
        Run relay = launch(java, flags, List.of("relay", "--help"));
        assertThat(relay.out()).contains("-XX:MaxHeapSize=134217728", "-XX:+UseSerialGC");
        Run overridden = launch(java, Map.of("JDRAND_JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xmx256m -XX:+UseG1GC"),
                List.of("start", "--help"));
        assertThat(overridden.code()).as(overridden.err()).isZero();
        assertThat(overridden.out()).contains("-XX:MaxHeapSize=268435456", "-XX:+UseG1GC").doesNotContain("UseSerialGC");
        Run version = launch(java, flags, List.of("--version"));
        assertThat(version.out()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC").endsWith("jdrand 0.1.0\n");
    }

    @Test
    void aDaemonOnJdk25TrainsAnAheadOfTimeCacheThatItsNextStartMaps() throws Exception {
        Path java = JdkCompatibilityIT.javaOf(25);
        Path cache = dir.resolve("cache");
        Path folder = dir.resolve("node");
        // marked as trained at once (a real run: after 120 beacons produced)
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JDRAND_JAVA_OPTS", "-Djdrand.aot.trainedAfter=0");

        Daemon first = daemon(java, env, folder, "first");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cacheFiles(cache, ".trained").size() == 1);
        assertThat(first.stop()).as("first run's exit (SIGTERM)").isEqualTo(143);
        List<Path> confs = cacheFiles(cache, ".aotconf");
        assertThat(confs).as("the training, written at exit").hasSize(1);
        assertThat(Files.size(confs.get(0))).isGreaterThan(1_000_000);
        assertThat(cacheFiles(cache, ".aot")).isEmpty();

        Daemon second = daemon(java, env, folder, "second");
        List<Path> caches = cacheFiles(cache, ".aot");
        assertThat(caches).hasSize(1);
        assertThat(Files.readString(second.err())).contains("jdrand: building the daemon's ahead-of-time cache from an "
                + "earlier run's training (" + caches.get(0) + ")...");
        assertThat(Files.readString(Path.of("/proc", Long.toString(second.process().pid()), "maps")))
                .as("the second daemon maps the cache").contains(caches.get(0).toString());
        assertThat(cacheFiles(cache, ".aotconf")).as("the training, used").isEmpty();
        assertThat(second.stop()).isEqualTo(143);

        // the third start maps it without building again
        Daemon third = daemon(java, env, folder, "third");
        assertThat(Files.readString(Path.of("/proc", Long.toString(third.process().pid()), "maps"))).contains(caches.get(0).toString());
        assertThat(Files.readString(third.err())).doesNotContain("ahead-of-time");
        assertThat(third.stop()).isEqualTo(143);
        assertThat(cacheFiles(cache, ".aotconf")).isEmpty();
    }

    @Test
    void anUntrainedOrUnusableTrainingBuildsNoCacheAndTheDaemonStillRuns() throws Exception {
        Path java = JdkCompatibilityIT.javaOf(25);
        Path cache = dir.resolve("cache");
        Path folder = dir.resolve("node");
        // a run that stops before its 120th beacon: its recording is not marked, the next start records again
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        assertThat(daemon(java, env, folder, "short").stop()).isEqualTo(143);
        assertThat(cacheFiles(cache, ".aotconf")).hasSize(1);
        assertThat(cacheFiles(cache, ".trained")).isEmpty();
        Daemon again = daemon(java, env, folder, "again");
        assertThat(cacheFiles(cache, ".aot")).isEmpty();
        assertThat(Files.readString(again.err())).doesNotContain("ahead-of-time");
        assertThat(again.stop()).isEqualTo(143);

        // a marked training the JVM refuses (a crash while it was written): dropped, and the daemon runs
        for (Path conf : cacheFiles(cache, ".aotconf")) {
            Files.write(conf, new byte[4096]);
            Files.writeString(Path.of(conf.toString().replace(".aotconf", ".trained")), "trained\n");
        }
        Daemon broken = daemon(java, env, folder, "broken");
        assertThat(Files.readString(broken.err())).contains("jdrand: that training could not be used; this run trains again");
        assertThat(cacheFiles(cache, ".aot")).isEmpty();
        assertThat(broken.stop()).isEqualTo(143);
        assertThat(cacheFiles(cache, ".trained")).isEmpty();

        // JDK 17 has no AOT cache: nothing recorded, JDRAND_CDS=0 neither
        Path cache17 = dir.resolve("cache17");
        assertThat(daemon(JdkCompatibilityIT.javaOf(17), Map.of("XDG_CACHE_HOME", cache17.toString()), folder, "jdk17").stop())
                .isEqualTo(143);
        assertThat(cache17.resolve("jdrand/aot")).doesNotExist();
        Path off = dir.resolve("cache-off");
        assertThat(daemon(java, Map.of("XDG_CACHE_HOME", off.toString(), "JDRAND_CDS", "0"), folder, "off").stop()).isEqualTo(143);
        assertThat(off.resolve("jdrand/aot")).doesNotExist();
    }

    record Daemon(Process process, Path out, Path err) {
        /** SIGTERM, as systemd stops it; the exit code once the JVM (and its AOT recording) is done. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the daemon did not stop 90 s after SIGTERM");
            }
            return process.exitValue();
        }
    }

    /** {@code ./jdrand start} on an idle folder, once it says it is running. */
    private Daemon daemon(Path java, Map<String, String> env, Path folder, String name) throws Exception {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = builder(java, env, List.of("start", "--folder", folder.toString(), "--private-listen", "127.0.0.1:0",
                "--control", "0")).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        Daemon d = new Daemon(p, out, err);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> !p.isAlive() || Files.readString(out).contains("jdrand running:"));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        assertThat(p.isAlive()).as("%s daemon running; its stderr:%n%s", name, Files.readString(err)).isTrue();
        return d;
    }

    /** The files of the launcher's cache folder whose names end with {@code suffix} (none when there is no folder). */
    private static List<Path> cacheFiles(Path cache, String suffix) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(f -> f.toString().endsWith(suffix) && Files.isRegularFile(f)).toList();
        }
    }

    /** {@code ./jdrand <args>} from the repository root, on this JDK, with the jar under test. */
    private Run launch(Path java, Map<String, String> env, List<String> args) throws Exception {
        Process p = builder(java, env, args).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("./jdrand " + String.join(" ", args) + ": no exit after 120 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private ProcessBuilder builder(Path java, Map<String, String> env, List<String> args) {
        Path jar = Path.of(System.getProperty("jdrand.jar", "target/jdrand.jar")).toAbsolutePath();
        Path root = jar.getParent().getParent().getParent();
        Assumptions.assumeTrue(Files.isExecutable(root.resolve("jdrand")) && jar.equals(root.resolve("beacon-node/target/jdrand.jar")),
                "the launcher runs the jar of its own checkout");
        List<String> cmd = new ArrayList<>(List.of(root.resolve("jdrand").toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JDRAND_JAVA_OPTS");
        pb.environment().remove("JDRAND_CDS");
        pb.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        pb.environment().put("JDRAND_NO_REBUILD", "1"); // the jar under test, never a rebuild in the middle of mvn verify
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        return pb;
    }


    /** The "source:" of a class in a -Xlog:class+load log. */
    private static String loadedFrom(Path log, String className) throws IOException {
        String prefix = " " + className + " source: ";
        return Files.readAllLines(log).stream().filter(l -> l.contains(prefix))
                .map(l -> l.substring(l.indexOf(prefix) + prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError(className + " not in " + log));
    }
}
