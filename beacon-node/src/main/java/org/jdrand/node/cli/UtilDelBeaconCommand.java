package org.jdrand.node.cli;

import java.util.concurrent.Callable;
import org.jdrand.node.daemon.FolderLock;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.SqliteChainStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jdrand util del-beacon}: deletes rounds from the head of a stopped beacon's SQLite store. */
@Command(name = "del-beacon", mixinStandardHelpOptions = true,
        description = {"Deletes rounds ROUND..head from the beacon's SQLite chain store (daemon stopped);",
            "the next start syncs them again from peers."},
        footerHeading = "%nExample:%n", footer = {"  jdrand util del-beacon --folder ~/.drand 1200"})
final class UtilDelBeaconCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FolderOptions f;

    @Parameters(paramLabel = "ROUND", description = "First round to delete (>= 1).")
    long round;

    @Override
    @SuppressWarnings("try") // the lock is held, not used, for the body's duration
    public Integer call() {
        if (round < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "util del-beacon: round " + round
                    + " (expected >= 1: the genesis beacon stays)");
        }
        KeyStore ks = f.keys();
        try (FolderLock lock = f.lockIfPresent()) {
            Group g = ks.loadGroup();
            SqliteChainStore store = SqliteChainStore.open(ks.chainDbFile(), g.chainInfo());
            try {
                long last = store.last().round();
                store.deleteFrom(round);
                spec.commandLine().getOut().println("deleted rounds " + round + ".." + last + "; last is now "
                        + store.last().round());
            } finally {
                store.close();
            }
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("util del-beacon: " + e.getMessage());
            return 1;
        }
    }
}
