package org.jdrand.node.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of the demo network: a real {@code jdrand start} process of the same jar, with its
 * folder {@code <dir>/node-<i>} and its log {@code <dir>/node-<i>/node.log}. The process runs
 * under {@code jdrand demo node --parent-pid}, which exits it when the demo process is gone, so a
 * killed demo leaves no node behind.
 */
final class DemoNode {
    private final DemoState.NodePorts ports;
    private final Path folder;
    private final List<String> startArgs;
    private Process process;

    DemoNode(Path dir, DemoState.NodePorts ports, boolean http, boolean metrics) {
        this.ports = ports;
        this.folder = dir.resolve("node-" + ports.index());
        List<String> a = new ArrayList<>(List.of("start", "--folder", folder.toString(),
                "--private-listen", ports.privateAddress(), "--control", Integer.toString(ports.controlPort())));
        if (http) {
            a.addAll(List.of("--public-listen", "127.0.0.1:" + ports.publicPort()));
        }
        if (metrics) {
            a.addAll(List.of("--metrics", "127.0.0.1:" + ports.metricsPort()));
        }
        // plaintext on loopback; a shorter kickoff than drand's 5 s: every node is on this machine
        a.addAll(List.of("--insecure", "--dkg-kickoff-grace", "2s"));
        this.startArgs = List.copyOf(a);
    }

    int index() {
        return ports.index();
    }

    DemoState.NodePorts ports() {
        return ports;
    }

    Path folder() {
        return folder;
    }

    Path log() {
        return folder.resolve("node.log");
    }

    List<String> startArgs() {
        return startArgs;
    }

    Process process() {
        return process;
    }

    void start(JdrandLauncher launcher) throws IOException {
        Files.createDirectories(folder);
        List<String> args = new ArrayList<>(List.of("demo", "node", "--parent-pid",
                Long.toString(ProcessHandle.current().pid()), "--"));
        args.addAll(startArgs);
        Files.writeString(log(), "---- " + Instant.now() + " " + JdrandLauncher.display(startArgs) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder node = launcher.builder(JdrandLauncher.NODE_JVM, args);
        JdrandLauncher.NODE_ENV.forEach(node.environment()::putIfAbsent);
        process = node.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        process.getOutputStream().close();
    }

    /** Waits until the control port accepts connections; false when the process died or the time ran out. */
    boolean awaitControl(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", ports.controlPort()), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        return false;
    }

    /** SIGTERM (the daemon's shutdown hook closes the store), then SIGKILL after the grace time. */
    void stop(Duration grace) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The last lines of the node's log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log() + ": " + e.getMessage() + ")";
        }
    }
}
