package org.jdrand.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.cli.control.FirstProposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg init}: the leader proposes a beacon's first DKG. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Leader: proposes the first DKG of a beacon to the proposal's joiners."},
        footerHeading = "%nExample:%n",
        footer = {"  jdrand dkg init --proposal p.toml --threshold 3 --period 30s --scheme pedersen-bls-chained "
                + "--catchup-period 5s --genesis-delay 2m"})
final class DkgInitCommand extends DkgVerb {
    @Option(names = "--proposal", required = true, paramLabel = "FILE", description = "From 'dkg generate-proposal'.")
    Path proposal;

    @Option(names = "--threshold", required = true, description = "Signatures needed per round: n/2+1..n.")
    int threshold;

    @Option(names = "--period", required = true, converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between rounds, whole seconds, e.g. 30s.")
    Duration period;

    @Option(names = "--scheme", defaultValue = "pedersen-bls-chained", description = "Scheme ID (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--catchup-period", defaultValue = "0s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Time between rounds while catching up (default: ${DEFAULT-VALUE}).")
    Duration catchup;

    @Option(names = "--genesis-delay", required = true, converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Genesis = now + this; the DKG must finish before it.")
    Duration genesisDelay;

    @Option(names = "--timeout", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The proposal expires after this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant genesis = Instant.ofEpochSecond(now.plus(genesisDelay).getEpochSecond() + 1);
        List<Participant> joining;
        try {
            joining = ProposalFile.read(proposal).members("Joining");
        } catch (ProposalFile.UnusableProposalException e) {
            return unusable(e.getMessage());
        }
        FirstProposal p = new FirstProposal(now.plus(timeout), threshold, (int) period.toSeconds(), scheme,
                (int) catchup.toSeconds(), genesis, joining);
        return send(c -> c.dkgInit(ctl.beaconId, p), "proposal sent (epoch 1, genesis " + genesis.getEpochSecond()
                + "); joiners now run 'jdrand dkg join', then the leader 'jdrand dkg execute'");
    }
}
