package org.jdrand.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand util backup}: a consistent copy of the running beacon's chain store. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Asks the running daemon for a consistent copy of the beacon's chain store (BackupDatabase), "
            + "written as a SQLite file at --out on this machine. Safe while the daemon runs: SQLite stores"
            + " are copied with VACUUM INTO, never a torn copy of a live file; PostgreSQL and memdb stores "
            + "are copied round by round into a SQLite file. Restore: stop the node, put the file in place "
            + "of <folder>/multibeacon/<id>/db/jdrand.sqlite, start the node. Refuses to overwrite --out. "
            + "The file gets the daemon's umask (normally 0644): beacons are public."},
        footerHeading = "%nExamples:%n", footer = {"  jdrand util backup --out /backup/chain-$(date +%%F).sqlite",
            "  jdrand util backup --control 8888 --id quicknet --out quicknet.sqlite"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:backup written",
            "1:refused (file exists, ...) or the daemon could not be reached", "2:invalid arguments"})
final class UtilBackupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlOptions ctl;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Backup file (must not exist).")
    Path out;

    @Override
    public Integer call() {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            spec.commandLine().getErr().println("util backup: " + target + " exists (refusing to overwrite)");
            return 1;
        }
        try (ControlClient c = new ControlClient(ctl.control)) {
            c.backup(ctl.beaconId, target.toString());
            spec.commandLine().getOut().println("chain of beacon " + ctl.beaconId + " backed up to " + target);
            return 0;
        } catch (ControlException e) {
            spec.commandLine().getErr().println("util backup: " + e.getMessage());
            return 1;
        }
    }
}
