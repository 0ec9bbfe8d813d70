package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built {@code jdrand.jar} as an operator runs it: {@code java -jar}, one process per command. */
final class Jar {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Small heaps, C1 only: the machine is shared and CLI commands are short. */
    static final List<String> CLI_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** A test daemon: a roomier heap than deploy/bin/jdrand start gives, with the foreign-linker flags of this JDK. */
    static final List<String> DAEMON_JVM = daemonJvm();
    /** Every CLI command's output in this JVM, for the checks that no secret is ever printed. */
    static final List<String> OUTPUTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Jar() {
    }

    private static List<String> daemonJvm() {
        // the round path's warm-up at a member's start (partials, held HTTP requests) shortened: about 5 s of CPU
        // per start at its default, and these scenarios restart nodes many times (the default is tested by
        // beacon-node's StartCommandIT)
        List<String> a = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djdrand.warmup.calls=200"));
        if (ModuleFinder.ofSystem().find("jdk.incubator.foreign").isPresent()) {
            a.addAll(List.of("--add-modules", "jdk.incubator.foreign"));
        }
        a.add("--enable-native-access=ALL-UNNAMED");
        return List.copyOf(a);
    }

    static Path jar() {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("jdrand.jar system property (set by system-tests' pom)").isNotNull();
        assertThat(Path.of(jar)).as("the built jar (beacon-node package)").isRegularFile();
        return Path.of(jar);
    }

    static List<String> java(List<String> jvm) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar().toString()));
        return cmd;
    }

    static int freePort() throws IOException {
        return org.jdrand.node.demo.LoopbackPorts.free(); // below the ephemeral range: no outgoing connection takes it
    }

    /** Runs one CLI command to completion (bounded). */
    static Result cli(String... args) throws Exception {
        return cli(List.of(), args);
    }

    /** Runs one CLI command behind {@code prefix} (e.g. {@code ip netns exec NS}) to completion (bounded). */
    static Result cli(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(java(CLI_JVM));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jdrand-cli", ".out");
        Path err = Files.createTempFile("jdrand-cli", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("jdrand " + String.join(" ", args) + ": no exit after 180 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            OUTPUTS.add(String.join(" ", args) + "\n" + r.all());
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static void ok(Result r, String what) {
        assertThat(r.code()).as(what + ": exit code; output: " + r.all()).isZero();
    }
}
