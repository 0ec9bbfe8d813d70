package org.jdrand.node.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The processes a demo started: its node daemons and the operator commands it runs against them.
 * Stops them all once, whether the demo ends normally, fails or is interrupted (Ctrl-C).
 */
final class DemoProcesses {
    private final JdrandLauncher launcher;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<DemoNode> running = new ArrayList<>();
    private final List<JdrandLauncher.Running> clis = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean stopped;

    DemoProcesses(JdrandLauncher launcher, PrintWriter out, PrintWriter err) {
        this.launcher = launcher;
        this.out = out;
        this.err = err;
    }

    JdrandLauncher launcher() {
        return launcher;
    }

    /** True once the demo is stopping: loops end, failures are no longer reported. */
    boolean stopping() {
        return stopping.get();
    }

    /** Starts a node's daemon; it is stopped with the others. */
    void start(DemoNode n) throws IOException {
        synchronized (running) {
            n.start(launcher);
            running.add(n);
        }
    }

    /** Starts a jdrand command (refused once stopping). */
    JdrandLauncher.Running cli(List<String> args) throws IOException {
        synchronized (running) {
            if (stopping.get()) {
                throw new IOException("demo stopping");
            }
            JdrandLauncher.Running r = launcher.startCli(args);
            clis.add(r);
            return r;
        }
    }

    /** Waits for CLI commands, printing each one and its output; false if one failed. */
    boolean awaitAll(List<JdrandLauncher.Running> commands, long timeoutSeconds) throws InterruptedException {
        boolean ok = true;
        for (JdrandLauncher.Running c : commands) {
            JdrandLauncher.Result r = c.await(timeoutSeconds);
            out.println("   $ " + JdrandLauncher.display(r.args()));
            boolean keygen = r.args().get(0).equals("generate-keypair");
            for (String line : r.output().strip().split("\n")) {
                // generate-keypair also prints the whole public key file: one line is enough here
                if (!line.isBlank() && (!keygen || !r.ok() || line.startsWith("Generated"))) {
                    out.println("     " + line);
                }
            }
            out.flush();
            if (!r.ok() && !stopping.get()) {
                err.println("demo: '" + JdrandLauncher.display(r.args()) + "' failed (exit " + r.exitCode() + ")");
                ok = false;
            }
        }
        return ok && !stopping.get();
    }

    /** Stops every node (once), from the normal end, an error or the shutdown hook (Ctrl-C). */
    void shutdown(Path folder) {
        stopping.set(true);
        synchronized (running) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (JdrandLauncher.Running c : clis) {
                c.process().descendants().forEach(ProcessHandle::destroyForcibly);
                c.process().destroyForcibly();
            }
            if (running.isEmpty()) {
                return;
            }
            out.println();
            out.println("Stopping " + running.size() + " nodes...");
            out.flush();
            List<Thread> stoppers = new ArrayList<>();
            for (DemoNode n : running) {
                Thread th = new Thread(() -> {
                    try {
                        n.stop(Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "demo-stop-" + n.index());
                th.start();
                stoppers.add(th);
            }
            for (Thread th : stoppers) {
                try {
                    th.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.println("All nodes stopped. The network is kept in " + folder
                    + ": 'jdrand demo' resumes it, 'jdrand demo --fresh' starts over.");
            out.flush();
        }
    }
}
