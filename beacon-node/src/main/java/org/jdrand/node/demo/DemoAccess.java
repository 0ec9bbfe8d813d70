package org.jdrand.node.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;

/** What the user reads once the demo network runs: the chain and the commands that reach it. */
final class DemoAccess {
    private DemoAccess() {}

    /**
     * Prints the chain (hash, group key, genesis) and how to reach it: the nodes' HTTP endpoints
     * and metrics when they serve them, and how to verify a round offline.
     */
    static void print(PrintWriter out, Path folder, JdrandLauncher launcher, List<DemoNode> network, boolean http,
            boolean metrics, ChainInfo info) {
        String jdrand = launcher.userCommand();
        long now = Instant.now().getEpochSecond();
        out.println();
        out.println("Chain hash " + info.hashHex() + ", group public key " + Hex.encode(info.publicKey()) + ",");
        out.println("genesis " + Instant.ofEpochSecond(info.genesisTime())
                + (info.genesisTime() > now ? " (in " + (info.genesisTime() - now) + " s)" : "") + ".");
        if (http) {
            DemoNode first = network.get(0);
            String base = "http://127.0.0.1:" + first.ports().publicPort();
            out.println();
            out.println("Try (any node; node i serves HTTP on the port listed in " + folder.resolve(DemoState.FILE) + "):");
            out.println("  curl -s " + base + "/public/latest");
            out.println("  curl -s " + base + "/info");
            out.println("  curl -s " + base + "/api/public");
            StringBuilder all = new StringBuilder();
            for (DemoNode n : network) {
                all.append(' ').append("http://127.0.0.1:").append(n.ports().publicPort());
            }
            out.println("Node HTTP endpoints:" + all);
            if (metrics) {
                out.println("Metrics: curl -s http://127.0.0.1:" + first.ports().metricsPort() + "/metrics");
            }
            out.println();
            out.println("Verify a round offline with the group public key:");
            out.println("  curl -s " + base + "/public/latest | " + jdrand + " verify --scheme " + info.scheme().id()
                    + " --public-key " + Hex.encode(info.publicKey()) + " -");
        } else {
            out.println();
            out.println("(the nodes of this build serve no HTTP yet: the demo reads beacons over gRPC)");
            out.println("Verify a round offline with the group public key (the demo writes the latest agreed round to "
                    + "latest.json):");
        }
        out.println("  " + jdrand + " verify --scheme " + info.scheme().id() + " --public-key "
                + Hex.encode(info.publicKey()) + " " + folder.resolve("latest.json"));
        out.println();
        out.println("New rounds (Ctrl-C stops every node; run the same command again to resume):");
        out.flush();
    }
}
