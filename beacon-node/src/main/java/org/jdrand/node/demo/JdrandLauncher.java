package org.jdrand.node.demo;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackends;

/**
 * Runs {@code jdrand} commands as separate processes of the same runnable jar, exactly the
 * commands an operator types. JVM flags keep short CLI commands quick to start on a small machine.
 */
final class JdrandLauncher {
    /** Short-lived CLI commands: small heap, C1 only. */
    static final List<String> CLI_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /**
     * Long-running nodes, with the daemon's settings (deploy/bin/jdrand start, docs/OPERATING.md;
     * NodeJvmFlagsTest holds the two equal):
     * a heap of 48 MB committed and touched up front (the live set with the HTTP cache full is
     * about 20 MB; a heap grown and touched as that cache fills showed as resident memory creeping
     * for an hour), at most 128 MB, the Serial collector, a metaspace threshold that keeps the
     * class metadata a node loads in its first minute from forcing two full collections into the
     * first rounds, no perf-data sampling (jstat's: about 2 ms of CPU a second), the JIT and
     * Java's lowest priority (a catch-up's verification) at nice 10 below the round's threads,
     * glibc's freed memory trimmed every 10 s where this JVM can; and blst's
     * map-to-curve through the foreign linker (cheaper catch-up, crypto BlstBackend).
     */
    static final List<String> NODE_JVM = Stream.of(
            Stream.of("-Xms48m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch", "-XX:MetaspaceSize=96m",
                    "-XX:-UsePerfData", "-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=10",
                    "-XX:JavaPriority1_To_OSPriority=10"),
            trimsNativeHeap() ? Stream.of("-XX:TrimNativeHeapInterval=10000") : Stream.<String>empty(),
            BlsBackends.nativeJvmFlags(Runtime.version().feature()).stream()).flatMap(f -> f).toList();
    /** The nodes' environment beyond this JVM's: two glibc arenas, as deploy/bin/jdrand sets for daemons. */
    static final Map<String, String> NODE_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    /** Whether this JVM (which runs the nodes too) has -XX:TrimNativeHeapInterval (JDK 17.0.9+, 21.0.1+, 22+). */
    private static boolean trimsNativeHeap() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
            return true;
        } catch (IllegalArgumentException | LinkageError | NullPointerException e) {
            return false; // no such option, or no jdk.management here
        }
    }

    private final Path java;
    private final Path jar;

    JdrandLauncher(Path java, Path jar) {
        this.java = java;
        this.jar = jar;
    }

    /** The jar this class runs from, and the JVM running it. */
    static JdrandLauncher current() {
        Path jar;
        try {
            jar = Path.of(JdrandLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("demo: cannot locate the jdrand jar: " + e.getMessage());
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("demo: not running from the jdrand jar (" + jar + "); use ./jdrand demo");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new JdrandLauncher(java, jar);
    }

    Path jar() {
        return jar;
    }

    ProcessBuilder builder(List<String> jvm, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    /** How the user runs jdrand: ./jdrand from the repository root, else java -jar. */
    String userCommand() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isExecutable(cwd.resolve("jdrand")) && jar().startsWith(cwd)) {
            return "./jdrand";
        }
        return "java -jar " + jar();
    }

    /** The command line as an operator types it. */
    static String display(List<String> args) {
        return "jdrand " + String.join(" ", args);
    }

    /** Output and exit code of a finished CLI command. */
    record Result(List<String> args, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** A running CLI command; {@link #await} collects its merged output. */
    static final class Running {
        private final List<String> args;
        private final Process process;
        private final Thread reader;
        private final StringBuilder output = new StringBuilder();

        Running(List<String> args, Process process) {
            this.args = args;
            this.process = process;
            this.reader = new Thread(this::drain, "demo-cli-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void drain() {
            try (InputStream in = process.getInputStream()) {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(s);
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("(output lost: ").append(e.getMessage()).append(")\n");
                }
            }
        }

        Process process() {
            return process;
        }

        Result await(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                reader.join(2000);
                return new Result(args, -1, text() + "(no answer after " + timeoutSeconds + " s; killed)\n");
            }
            reader.join(5000);
            return new Result(args, process.exitValue(), text());
        }

        private String text() {
            synchronized (output) {
                return output.toString();
            }
        }
    }

    Running startCli(List<String> args) throws IOException {
        Process p = builder(CLI_JVM, args).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        return new Running(List.copyOf(args), p);
    }
}
