package org.jdrand.node.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a demo run must remember to resume its network: the group parameters and every node's
 * listeners (a node's private address is in its signed key pair, so its port cannot change).
 * Kept in {@code <dir>/demo.properties}; {@code complete} turns true once the DKG wrote the group.
 */
record DemoState(String scheme, int nodes, int threshold, int periodSeconds, List<NodePorts> ports, boolean complete) {
    static final String FILE = "demo.properties";

    /** Loopback listeners of node {@code index} (1-based); {@code publicPort} 0 = no HTTP listener. */
    record NodePorts(int index, int privatePort, int controlPort, int publicPort, int metricsPort) {
        String privateAddress() {
            return "127.0.0.1:" + privatePort;
        }
    }

    DemoState {
        ports = List.copyOf(ports);
        if (ports.size() != nodes) {
            throw new IllegalArgumentException("demo state: " + ports.size() + " nodes listed (expected " + nodes + ")");
        }
    }

    DemoState completed() {
        return new DemoState(scheme, nodes, threshold, periodSeconds, ports, true);
    }

    void save(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("scheme", scheme);
        p.setProperty("nodes", Integer.toString(nodes));
        p.setProperty("threshold", Integer.toString(threshold));
        p.setProperty("period", Integer.toString(periodSeconds));
        p.setProperty("complete", Boolean.toString(complete));
        for (NodePorts n : ports) {
            String k = "node." + n.index() + ".";
            p.setProperty(k + "private", Integer.toString(n.privatePort()));
            p.setProperty(k + "control", Integer.toString(n.controlPort()));
            p.setProperty(k + "public", Integer.toString(n.publicPort()));
            p.setProperty(k + "metrics", Integer.toString(n.metricsPort()));
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "jdrand demo network: delete this folder or run 'jdrand demo --fresh' to start over");
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @throws IllegalArgumentException with the reason when the file is missing or malformed */
    static DemoState load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        int n = intProp(p, "nodes");
        List<NodePorts> ports = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String k = "node." + i + ".";
            ports.add(new NodePorts(i, intProp(p, k + "private"), intProp(p, k + "control"), intProp(p, k + "public"),
                    intProp(p, k + "metrics")));
        }
        String scheme = p.getProperty("scheme");
        if (scheme == null || scheme.isBlank()) {
            throw new IllegalArgumentException(FILE + ": no scheme");
        }
        return new DemoState(scheme, n, intProp(p, "threshold"), intProp(p, "period"), ports,
                Boolean.parseBoolean(p.getProperty("complete")));
    }

    private static int intProp(Properties p, String key) {
        String v = p.getProperty(key);
        try {
            return Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FILE + ": " + key + " = " + v + " (expected a number)");
        }
    }
}
