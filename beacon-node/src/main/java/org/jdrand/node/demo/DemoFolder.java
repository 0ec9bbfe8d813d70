package org.jdrand.node.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyStore;

/**
 * The demo's folder ({@code --dir}): whether the saved network can be resumed, wiping it for a
 * fresh one (only if it holds nothing but demo state), the loopback ports of its nodes and each
 * node's key store.
 */
final class DemoFolder {
    static final String BEACON_ID = KeyStore.DEFAULT_BEACON_ID;

    private DemoFolder() {}

    /** The key store of the node whose folder is {@code nodeFolder}. */
    static KeyStore keys(Path nodeFolder) {
        return new KeyStore(nodeFolder, BEACON_ID, new Bls(BlsBackends.fromSystemProperty(notice -> { })));
    }

    /**
     * Why the saved network cannot be resumed, or empty when it can.
     *
     * @param optionsDiffer whether the options the user gave differ from the saved network's
     */
    static Optional<String> unusable(Path folder, Predicate<DemoState> optionsDiffer) {
        DemoState s;
        try {
            s = DemoState.load(folder);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(Files.exists(folder.resolve(DemoState.FILE)) ? "saved state unreadable: " + e.getMessage()
                    : "no saved network");
        }
        if (!s.complete()) {
            return Optional.of("the saved network never finished its DKG");
        }
        if (optionsDiffer.test(s)) {
            return Optional.of("the options differ from the saved network's");
        }
        for (DemoState.NodePorts p : s.ports()) {
            KeyStore ks = keys(folder.resolve("node-" + p.index()));
            if (!ks.hasKeyPair() || !ks.hasGroup() || !ks.hasShare()) {
                return Optional.of("node " + p.index() + " lost its key, group or share files");
            }
            for (int port : new int[] {p.privatePort(), p.controlPort(), p.publicPort(), p.metricsPort()}) {
                if (port > 0 && !portFree(port)) {
                    return Optional.of("port " + port + " of node " + p.index() + " is taken by another program");
                }
            }
        }
        return Optional.empty();
    }

    /** Empties the demo folder; refuses a folder that does not look like one (a typo in --dir must not delete data). */
    static boolean wipe(Path folder, PrintWriter err) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean ours = name.equals(DemoState.FILE) || name.equals("demo.lock") || name.startsWith("node-")
                        || name.startsWith("proposal.toml") || name.startsWith("latest.json")
                        || name.startsWith(DemoState.FILE);
                if (!ours) {
                    err.println("demo: " + folder + " holds " + name + ", which is not demo state: refusing to wipe it "
                            + "(choose another --dir)");
                    return false;
                }
            }
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.filter(p -> !p.getFileName().toString().equals("demo.lock")).toList()) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
        return true;
    }

    /** Free loopback ports for n nodes (private, control, and HTTP and metrics when asked). */
    static List<DemoState.NodePorts> freePorts(int n, boolean http, boolean metrics) throws IOException {
        List<DemoState.NodePorts> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new DemoState.NodePorts(i, LoopbackPorts.free(), LoopbackPorts.free(),
                    http ? LoopbackPorts.free() : 0, metrics ? LoopbackPorts.free() : 0));
        }
        return out;
    }

    /** Whether something accepts connections on the loopback port (retried for ~10 s: listeners start late). */
    static boolean listening(int port) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        return false;
    }

    private static boolean portFree(int port) {
        return LoopbackPorts.bindable(port);
    }
}
