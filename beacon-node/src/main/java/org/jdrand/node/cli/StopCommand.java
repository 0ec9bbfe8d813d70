package org.jdrand.node.cli;

import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand stop}: stops the daemon, or one beacon with --id. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stops the local daemon (or only one beacon process with --id)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand stop --control 8888", "  jdrand stop --control 8888 --id quicknet"})
public final class StopCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888", description = "Control port (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--id", paramLabel = "ID", defaultValue = "", description = "Only stop this beacon ID.")
    String beaconId;

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(control)) {
            try {
                c.shutdown(beaconId);
                spec.commandLine().getOut().println(beaconId.isEmpty() ? "daemon stopping" : "beacon " + beaconId + " stopped");
                return 0;
            } catch (ControlException e) {
                spec.commandLine().getErr().println("stop: " + e.getMessage());
                return 1;
            }
        }
    }
}
