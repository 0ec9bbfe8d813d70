package org.jdrand.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jdrand.node.cli.control.ReshareProposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg reshare}: the leader proposes a new group that keeps the group key. */
@Command(name = "reshare", mixinStandardHelpOptions = true,
        description = {"Leader: proposes a new group (joiners, remainers, leavers, threshold) that keeps the group "
                + "key and the chain."},
        footerHeading = "%nExample:%n",
        footer = {"  jdrand dkg reshare --proposal reshare.toml --threshold 4"})
final class DkgReshareCommand extends DkgVerb {
    @Option(names = "--proposal", required = true, paramLabel = "FILE", description = "From 'dkg generate-proposal'.")
    Path proposal;

    @Option(names = "--threshold", required = true, description = "New threshold: n/2+1..n of the new group.")
    int threshold;

    @Option(names = "--catchup-period", defaultValue = "0s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Catch-up period of the new group (default: ${DEFAULT-VALUE}).")
    Duration catchup;

    @Option(names = "--timeout", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The proposal expires after this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        ReshareProposal p;
        try {
            ProposalFile file = ProposalFile.read(proposal);
            p = new ReshareProposal(Instant.now().plus(timeout), threshold, (int) catchup.toSeconds(),
                    file.members("Joining"), file.members("Remaining"), file.members("Leaving"));
        } catch (ProposalFile.UnusableProposalException e) {
            return unusable(e.getMessage());
        }
        return send(c -> c.dkgReshare(ctl.beaconId, p), "reshare proposal sent; remainers run 'jdrand dkg accept', "
                + "joiners 'jdrand dkg join --group <current group file>', then the leader 'jdrand dkg execute'");
    }
}
