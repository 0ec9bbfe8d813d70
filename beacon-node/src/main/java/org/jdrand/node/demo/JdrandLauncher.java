package org.jdrand.node.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * Long-running nodes (the same JVM as this one runs them); blst's map-to-curve through the
     * foreign linker makes catch-up cheaper (crypto BlstBackend), with the flags of this JDK. The
     * metaspace threshold keeps the class metadata a node loads in its first minute from forcing
     * two full collections into the demo's first rounds (deploy/bin/jdrand sets it too).
     */
    static final List<String> NODE_JVM = Stream.concat(Stream.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=96m"),
            BlsBackends.nativeJvmFlags(Runtime.version().feature()).stream()).toList();

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
