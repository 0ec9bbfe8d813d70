package org.jdrand.node.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh demo network's set-up, run with the operator's own commands (docs/OPERATING.md) and
 * printed as it goes: each node generates its key pair; node 1 proposes the group and leads the
 * DKG, the others join.
 */
final class DemoCeremony {
    private final DemoProcesses processes;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path folder;

    DemoCeremony(DemoProcesses processes, PrintWriter out, PrintWriter err, Path folder) {
        this.processes = processes;
        this.out = out;
        this.err = err;
        this.folder = folder;
    }

    /** Step 1: every node's long-term key pair. */
    boolean keyPairs(List<DemoNode> network, DemoState state) throws Exception {
        out.println();
        out.println("1. Each node generates its long-term key pair:");
        List<JdrandLauncher.Running> keygens = new ArrayList<>();
        for (DemoNode n : network) {
            keygens.add(processes.cli(List.of("generate-keypair", "--folder", n.folder().toString(), "--scheme",
                    state.scheme(), n.ports().privateAddress())));
        }
        return processes.awaitAll(keygens, 120);
    }

    /** Steps 3 to 5, the DKG ceremony: node 1 leads, the others join; true once every node has its group file. */
    boolean run(List<DemoNode> network, DemoState state, Duration genesisDelay) throws Exception {
        DemoNode leader = network.get(0);
        String leaderControl = Integer.toString(leader.ports().controlPort());
        Path proposal = folder.resolve("proposal.toml");
        out.println();
        out.println("3. The leader (node 1) writes the proposal from every node's identity and proposes the group:");
        List<String> gen = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure"));
        for (DemoNode n : network) {
            gen.addAll(List.of("--joiner", n.ports().privateAddress()));
        }
        gen.addAll(List.of("--out", proposal.toString()));
        if (!processes.awaitAll(List.of(processes.cli(gen)), 120)) {
            return false;
        }
        if (!processes.awaitAll(List.of(processes.cli(List.of("dkg", "init", "--control", leaderControl, "--proposal",
                proposal.toString(), "--threshold", Integer.toString(state.threshold()), "--period",
                state.periodSeconds() + "s", "--scheme", state.scheme(), "--genesis-delay",
                genesisDelay.toSeconds() + "s"))), 120)) {
            return false;
        }
        out.println();
        out.println("4. The other nodes join:");
        List<JdrandLauncher.Running> joins = new ArrayList<>();
        for (DemoNode n : network.subList(1, network.size())) {
            joins.add(processes.cli(List.of("dkg", "join", "--control", Integer.toString(n.ports().controlPort()))));
        }
        if (!processes.awaitAll(joins, 120)) {
            return false;
        }
        out.println();
        out.println("5. The leader executes the DKG and waits for it to finish:");
        if (!processes.awaitAll(List.of(processes.cli(List.of("dkg", "execute", "--control", leaderControl, "--wait",
                "--wait-timeout", "3m"))), 240)) {
            err.println("demo: the DKG did not complete; see 'jdrand dkg status --control " + leaderControl
                    + "' and the node logs in " + folder);
            return false;
        }
        // the leader's --wait returns when the leader is done; the others write their files a moment later
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (DemoNode n : network) {
            Path groupFile = DemoFolder.keys(n.folder()).groupFile();
            while (!Files.isRegularFile(groupFile) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (!Files.isRegularFile(groupFile)) {
                err.println("demo: node " + n.index() + " has no group file after the DKG; see " + n.log());
                return false;
            }
        }
        return true;
    }
}
