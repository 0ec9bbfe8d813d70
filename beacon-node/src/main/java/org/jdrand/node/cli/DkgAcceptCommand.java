package org.jdrand.node.cli;

import picocli.CommandLine.Command;

/** {@code jdrand dkg accept}: a remainer accepts the proposal. */
@Command(name = "accept", mixinStandardHelpOptions = true, description = {"Remainer: accepts the proposal."},
        footerHeading = "%nExample:%n", footer = {"  jdrand dkg accept --control 8888"})
final class DkgAcceptCommand extends DkgVerb {
    @Override
    public Integer call() {
        return send(c -> c.dkgAccept(ctl.beaconId), "accepted");
    }
}
