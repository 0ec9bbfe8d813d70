package org.jdrand.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdrand.node.daemon.FolderLock;
import org.jdrand.node.key.KeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand util reset}: deletes a beacon's share, group file and chain store. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Deletes the beacon's share, group file and chain store; keeps the key pair.",
            "Stop the daemon first. Needs --yes."},
        footerHeading = "%nExample:%n", footer = {"  jdrand util reset --folder ~/.drand --id default --yes"})
final class UtilResetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FolderOptions f;

    @Option(names = "--yes", description = "Really delete.")
    boolean yes;

    @Override
    @SuppressWarnings("try") // the lock is held, not used, for the body's duration
    public Integer call() throws Exception {
        KeyStore ks = f.keys();
        List<Path> files = List.of(ks.shareFile(), ks.groupFile(), ks.chainDbFile(),
                Path.of(ks.chainDbFile() + "-wal"), Path.of(ks.chainDbFile() + "-shm"));
        if (!yes) {
            spec.commandLine().getErr().println("util reset: would delete " + files + "; add --yes to do it");
            return 1;
        }
        try (FolderLock lock = f.lockIfPresent()) {
            for (Path p : files) {
                if (Files.deleteIfExists(p)) {
                    spec.commandLine().getOut().println("deleted " + p);
                }
            }
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("util reset: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
