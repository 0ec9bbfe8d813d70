package org.jdrand.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jdrand util ...}: checks and maintenance an operator needs around a node. */
@Command(name = "util", mixinStandardHelpOptions = true,
        description = {"Checks and maintenance: reach other nodes, show status, back up, reset or trim a beacon."},
        subcommands = {UtilCheckCommand.class, UtilStatusCommand.class, UtilRemoteStatusCommand.class,
            UtilPingCommand.class, UtilListSchemesCommand.class, UtilBackupCommand.class,
            UtilResetCommand.class, UtilDelBeaconCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util check --tls-ca ca.pem node1.example.org:4444 node2.example.org:4444",
            "  jdrand util status", "  jdrand util remote-status", "  jdrand util ping",
            "  jdrand util backup --out /backup/chain.sqlite"})
public final class UtilCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
