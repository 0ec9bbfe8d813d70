package org.jdrand.node.cli;

import picocli.CommandLine.Command;

/** {@code jdrand dkg abort}: the leader aborts the proposal everywhere, a participant locally. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Aborts the proposal: the leader aborts it everywhere, a participant only locally."},
        footerHeading = "%nExample:%n", footer = {"  jdrand dkg abort"})
final class DkgAbortCommand extends DkgVerb {
    @Override
    public Integer call() {
        return send(c -> c.dkgAbort(ctl.beaconId), "aborted");
    }
}
