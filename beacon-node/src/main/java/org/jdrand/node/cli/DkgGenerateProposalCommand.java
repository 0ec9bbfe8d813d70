package org.jdrand.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdrand.crypto.Hex;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.cli.control.PeerIdentities;
import org.jdrand.node.cli.control.PublicIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand dkg generate-proposal}: a proposal file from the nodes' announced identities. */
@Command(name = "generate-proposal", mixinStandardHelpOptions = true,
        description = {"Writes a proposal file: the identities of joiners, remainers and leavers, fetched from "
                + "each node (GetIdentity)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand dkg generate-proposal --joiner a:4444 --joiner b:4444 --joiner c:4444 --out p.toml",
            "  jdrand dkg generate-proposal --remainer a:4444 --remainer b:4444 --leaver c:4444 --joiner d:4444 "
                    + "--out reshare.toml"})
final class DkgGenerateProposalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--joiner", paramLabel = "HOST:PORT", description = "A node joining the group (repeatable).")
    List<String> joiners = new ArrayList<>();

    @Option(names = "--remainer", paramLabel = "HOST:PORT", description = "A node staying in the group (repeatable).")
    List<String> remainers = new ArrayList<>();

    @Option(names = "--leaver", paramLabel = "HOST:PORT", description = "A node leaving the group (repeatable).")
    List<String> leavers = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Proposal file to write.")
    Path outFile;

    @Option(names = "--id", paramLabel = "ID", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;

    @Mixin
    PeerDialOptions dial;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (joiners.isEmpty() && remainers.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "generate-proposal: no --joiner or --remainer given");
        }
        StringBuilder toml = new StringBuilder();
        try {
            section(toml, "Joining", joiners);
            section(toml, "Remaining", remainers);
            section(toml, "Leaving", leavers);
            Files.writeString(outFile, toml.toString());
        } catch (IOException | IllegalStateException e) {
            err.println("generate-proposal: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("proposal with " + joiners.size() + " joiners, " + remainers.size()
                + " remainers, " + leavers.size() + " leavers written to " + outFile);
        return 0;
    }

    private void section(StringBuilder toml, String name, List<String> addrs) {
        for (String a : addrs) {
            PublicIdentity id = fetch(a);
            toml.append("[[").append(name).append("]]\n")
                    .append("Address = \"").append(id.address()).append("\"\n")
                    .append("Key = \"").append(Hex.encode(id.key())).append("\"\n")
                    .append("Signature = \"").append(Hex.encode(id.signature())).append("\"\n\n");
        }
    }

    private PublicIdentity fetch(String address) {
        PublicIdentity id;
        try {
            id = PeerIdentities.fetch(dial.dialOnly(), address, beaconId);
        } catch (ControlException e) {
            throw new IllegalStateException(e.getMessage()
                    + (dial.insecure ? "" : " (TLS is on by default: add --insecure for plaintext nodes)"));
        }
        if (!id.address().equals(address)) {
            throw new IllegalStateException("node " + address + " calls itself " + id.address()
                    + " (expected the same address: fix the address given or the node's key pair)");
        }
        return id;
    }
}
