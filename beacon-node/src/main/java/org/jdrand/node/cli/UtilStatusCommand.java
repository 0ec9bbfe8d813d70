package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.key.KeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand util status}: the local beacon's status, or every beacon ID of the folder. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the local beacon's status: beacon process, chain store (last stored and expected "
            + "round) and whether each group member answers a health check (3 s each). --list-ids lists the"
            + " beacon IDs in --folder; --all shows the status of each of them."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util status --control 8888 --id default",
            "  jdrand util status --list-ids --folder ~/.drand", "  jdrand util status --all --folder ~/.drand"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "1:the daemon refused or could not be "
            + "reached, or (--all) a beacon ID is not loaded", "2:invalid arguments"})
final class UtilStatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlOptions ctl;

    @Option(names = "--list-ids", description = "List the beacon IDs found in --folder and stop.")
    boolean listIds;

    @Option(names = "--all", description = "Status of every beacon ID found in --folder.")
    boolean all;

    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder for --list-ids/--all (default: ~/.drand).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> ids = List.of(ctl.beaconId);
        if (listIds || all) {
            try {
                ids = KeyStore.beaconIds(folder);
            } catch (Exception e) {
                spec.commandLine().getErr().println("util status: " + e.getMessage());
                return 1;
            }
            if (listIds) {
                if (ids.isEmpty()) {
                    spec.commandLine().getErr().println("util status: no beacon ID in " + folder
                            + " (check --folder)");
                    return 1;
                }
                ids.forEach(out::println);
                return 0;
            }
        }
        int failed = 0;
        try (ControlClient c = new ControlClient(ctl.control)) {
            for (String id : ids) {
                try {
                    StatusLines.print(out, "beacon " + id, c.status(id, Duration.ofSeconds(20)));
                } catch (ControlException e) {
                    failed++;
                    if (all && e.reason() == ControlException.Reason.NOT_FOUND) {
                        out.println("beacon " + id + ": not loaded (jdrand load --id " + id + ")");
                        continue;
                    }
                    spec.commandLine().getErr().println("util status: " + e.getMessage());
                    return 1;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
