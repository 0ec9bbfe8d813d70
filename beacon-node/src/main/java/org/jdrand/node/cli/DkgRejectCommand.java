package org.jdrand.node.cli;

import picocli.CommandLine.Command;

/** {@code jdrand dkg reject}: a remainer rejects the proposal. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = {"Remainer: rejects the proposal."},
        footerHeading = "%nExample:%n", footer = {"  jdrand dkg reject"})
final class DkgRejectCommand extends DkgVerb {
    @Override
    public Integer call() {
        return send(c -> c.dkgReject(ctl.beaconId), "rejected");
    }
}
