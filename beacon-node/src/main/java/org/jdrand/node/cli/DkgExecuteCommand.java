package org.jdrand.node.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg execute}: the leader starts the DKG, and with --wait follows it. */
@Command(name = "execute", mixinStandardHelpOptions = true,
        description = {"Leader: starts the DKG after the kickoff delay; with --wait, follows it to the end."},
        footerHeading = "%nExample:%n", footer = {"  jdrand dkg execute --wait --wait-timeout 2m"})
final class DkgExecuteCommand extends DkgVerb {
    @Option(names = "--wait", description = "Wait until the DKG completes or fails, showing progress.")
    boolean await;

    @Option(names = "--wait-timeout", defaultValue = "3m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Give up waiting after this (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Override
    public Integer call() {
        int rc = send(c -> c.dkgExecute(ctl.beaconId), "execution started; 'jdrand dkg status --watch' follows it");
        if (rc != 0 || !await) {
            return rc;
        }
        return DkgStatusCommand.watch(ctl, out(), err(), waitTimeout);
    }
}
