package org.jdrand.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jdrand dkg ...}: drand v2's ceremony commands, sent to the local daemon's control port. */
@Command(name = "dkg", mixinStandardHelpOptions = true,
        description = {"Distributed key generation: create a group (init), change it (reshare), answer, run and watch "
                + "a ceremony."},
        subcommands = {DkgGenerateProposalCommand.class, DkgInitCommand.class, DkgReshareCommand.class,
            DkgJoinCommand.class, DkgAcceptCommand.class, DkgRejectCommand.class, DkgExecuteCommand.class,
            DkgAbortCommand.class, DkgStatusCommand.class, DkgNukeCommand.class},
        footerHeading = "%nExample, a first ceremony (every node runs 'jdrand start' first):%n",
        footer = {"  leader$ jdrand dkg generate-proposal --joiner a:4444 --joiner b:4444 --joiner c:4444 --out p.toml",
            "  leader$ jdrand dkg init --proposal p.toml --threshold 2 --period 30s --scheme pedersen-bls-chained "
                    + "--genesis-delay 2m",
            "  others$ jdrand dkg join",
            "  leader$ jdrand dkg execute --wait",
            "  anyone$ jdrand dkg status"})
public final class DkgCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
