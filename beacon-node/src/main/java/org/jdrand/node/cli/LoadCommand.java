package org.jdrand.node.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.cli.control.NodeStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand load --id ID}: starts a beacon from its files in the running daemon (drand load). */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads a beacon ID from the daemon's --folder (key pair, group file, share, chain store) into"
            + " the running daemon: after 'jdrand stop --id ID', or after generate-keypair for a beacon ID "
            + "the daemon did not know when it started. Fails if the beacon already runs."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand stop --control 8888 --id quicknet   # stop one beacon",
            "  jdrand load --control 8888 --id quicknet   # and bring it back: it catches up from its peers"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:loaded", "1:refused (already running, files missing) or daemon unreachable",
            "2:invalid arguments"})
public final class LoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888", description = "Control port (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Beacon ID to load.")
    String beaconId;

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(control)) {
            try {
                c.loadBeacon(beaconId, Duration.ofSeconds(60));
            } catch (ControlException e) {
                spec.commandLine().getErr().println("load: " + e.getMessage());
                return 1;
            }
            try {
                NodeStatus s = c.status(beaconId, Duration.ofSeconds(10));
                spec.commandLine().getOut().println("beacon " + beaconId + " loaded: last stored round "
                        + s.lastStored() + ", expected " + s.expectedLast());
            } catch (ControlException e) {
                // a key pair without group or share: loaded, waiting for a DKG
                spec.commandLine().getOut().println("beacon " + beaconId + " loaded: key pair only, waiting for a DKG");
            }
            return 0;
        }
    }
}
