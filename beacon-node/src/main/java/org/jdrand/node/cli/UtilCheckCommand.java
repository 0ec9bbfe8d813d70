package org.jdrand.node.cli;

import java.io.PrintWriter;
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
import picocli.CommandLine.Parameters;

/** {@code jdrand util check}: asks other nodes for their identity. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Asks each node for its identity (GetIdentity) and reports which answer."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util check node1.example.org:4444 node2.example.org:4444",
            "  jdrand util check --insecure 127.0.0.1:4444   # plaintext node"})
final class UtilCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HOST:PORT", description = "Nodes to check.")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--id", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;

    @Mixin
    PeerDialOptions dial;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (String a : addresses) {
            try {
                PublicIdentity r = PeerIdentities.fetch(dial.dialOnly(), a, beaconId);
                boolean same = r.address().equals(a);
                out.println(a + " ok key=" + Hex.shortHex(r.key()) + " scheme=" + r.schemeName()
                        + (same ? "" : " WARNING: it calls itself " + r.address()));
            } catch (ControlException e) {
                failed++;
                out.println(a + " FAILED: " + e.status()
                        + (dial.insecure ? "" : " (TLS by default; --insecure for plaintext nodes)"));
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
