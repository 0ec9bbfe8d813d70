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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar, built on whichever JDK runs this build, boots on JDK 17 and on JDK 25: the CLI
 * ({@code --version}, {@code start --help}) and a daemon started with the flags the launcher picks
 * for that JDK ({@link BlsBackends#nativeJvmFlags}), whose log names the hash-to-curve path this jar
 * has for that JDK (the foreign linker compiled on the build JDK, else jblst and why).
 *
 * <p>The other JDK is looked up in {@code JDK<n>_HOME}, {@code JAVA_HOME_<n>_X64} (GitHub's
 * setup-java) and /usr/lib/jvm; when absent the test is skipped, unless {@code CI=true}.
 */
@Timeout(180)
class JdkCompatibilityIT {
    private static final String LINKER_17 = "org/jdrand/crypto/backend/blst/Jdk17ForeignLinker.class";
    private static final String LINKER_22 = "META-INF/versions/22/org/jdrand/crypto/backend/blst/Jdk22ForeignLinker.class";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theJarBootsOn(int feature) throws Exception {
        Path java = javaOf(feature);
        Path jar = Path.of(System.getProperty("jdrand.jar"));

        Run version = run(java, List.of(), "--version");
        assertThat(version.code()).as("jdrand --version on JDK %d: %s", feature, version.all()).isZero();
        assertThat(version.out()).contains("jdrand");
        Run help = run(java, List.of(), "start", "--help");
        assertThat(help.code()).as("jdrand start --help on JDK %d: %s", feature, help.all()).isZero();
        assertThat(help.out()).contains("Usage: jdrand start");
        // the manifest's Enable-Native-Access keeps JDK 24+ quiet about native code
        assertThat(version.err() + help.err()).doesNotContain("WARNING");

        Path folder = dir.resolve("node");
        int port = freePort();
        Run keys = run(java, List.of(), "generate-keypair", "--folder", folder.toString(), "127.0.0.1:" + port);
        assertThat(keys.code()).as("generate-keypair on JDK %d: %s", feature, keys.all()).isZero();
        String log = daemonLog(java, BlsBackends.nativeJvmFlags(feature), folder, port);
        assertThat(log).doesNotContain("Module jdk.incubator.foreign not found")
                .doesNotContain("A restricted method");
        String expected = hasLinkerFor(jar, feature) ? "hashToCurve=blst-foreign" : "hashToCurve=jblst (foreign linker: ";
        assertThat(log).as("daemon log on JDK %d", feature).contains("bls backend=blst " + expected);
    }

    @Test
    void theJarCarriesTheLinkerOfTheJdkThatBuiltIt() throws IOException {
        int build = Runtime.version().feature(); // failsafe runs on the JDK of the build
        assertThat(hasLinkerFor(Path.of(System.getProperty("jdrand.jar")), build)).as("linker for the build JDK %d", build).isTrue();
    }

    private static boolean hasLinkerFor(Path jar, int feature) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(feature == 17 ? LINKER_17 : LINKER_22) != null;
        }
    }

    /** Starts {@code jdrand start}, waits until it runs, stops it with SIGTERM; returns its output. */
    private String daemonLog(Path java, List<String> jvm, Path folder, int port) throws Exception {
        Path log = dir.resolve("daemon.log");
        List<String> cmd = command(java, jvm, "start", "--folder", folder.toString(), "--private-listen",
                "127.0.0.1:" + port, "--control", String.valueOf(freePort()), "--insecure", "--db", "memdb");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Awaitility.await("daemon running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(p.isAlive()).as("daemon died: %s", Files.readString(log)).isTrue();
                return Files.readString(log).contains("jdrand running:");
            });
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static Run run(Path java, List<String> jvm, String... args) throws Exception {
        Process p = new ProcessBuilder(command(java, jvm, args)).start();
        p.getOutputStream().close();
        // outputs are short: read both after exit
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jdrand " + String.join(" ", args) + ": no exit after 120 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> command(Path java, List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", System.getProperty("jdrand.jar")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freePort() throws IOException {
        return org.jdrand.node.demo.LoopbackPorts.free(); // below the ephemeral range: no outgoing connection takes it
    }

    /** The java launcher of a JDK of this feature release: this JVM's, else the first one found. */
    static Path javaOf(int feature) throws IOException {
        if (Runtime.version().feature() == feature) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        List<Path> homes = new ArrayList<>();
        for (String env : List.of("JDK" + feature + "_HOME", "JAVA_HOME_" + feature + "_X64")) {
            Optional.ofNullable(System.getenv(env)).map(Path::of).ifPresent(homes::add);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            if (featureOf(home) == feature && Files.isExecutable(home.resolve("bin/java"))) {
                return home.resolve("bin/java");
            }
        }
        String why = "JDK " + feature + " not found (set JDK" + feature + "_HOME)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + ": CI=true requires it");
        }
        Assumptions.abort(why + "; skipped outside CI");
        throw new AssertionError("unreachable");
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private static int featureOf(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
