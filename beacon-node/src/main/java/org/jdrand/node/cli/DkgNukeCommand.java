package org.jdrand.node.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jdrand.node.dkg.DkgStateFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg nuke}: deletes a beacon's DKG state from the folder (daemon stopped). */
@Command(name = "nuke", mixinStandardHelpOptions = true,
        description = {"Deletes the DKG state of a beacon ID (current and finished) from <folder>/dkg.json.",
            "Run it with the daemon stopped; keys, group and share files are kept."},
        footerHeading = "%nExample:%n", footer = {"  jdrand dkg nuke --folder ~/.drand --id default"})
final class DkgNukeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--id", paramLabel = "ID", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;

    @Override
    public Integer call() {
        try {
            boolean had = new DkgStateFile(folder).delete(beaconId);
            spec.commandLine().getOut().println(had ? "dkg state of " + beaconId + " deleted"
                    : "no dkg state for " + beaconId + " in " + folder);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("dkg nuke: " + e.getMessage());
            return 1;
        }
    }
}
