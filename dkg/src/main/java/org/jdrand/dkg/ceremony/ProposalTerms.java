package org.jdrand.dkg.ceremony;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The terms of a DKG proposal ({@code dkg.ProposalTerms}), as the leader gossips them.
 *
 * @param epoch        uint32; 1 for the initial DKG, then +1 per reshare
 * @param genesisSeed  empty at epoch 1 (it comes out of the first DKG)
 */
public record ProposalTerms(String beaconId, long epoch, Participant leader, int threshold, Instant timeout,
        int catchupPeriodSeconds, int beaconPeriodSeconds, String schemeId, Instant genesisTime, byte[] genesisSeed,
        List<Participant> joining, List<Participant> remaining, List<Participant> leaving) {

    public ProposalTerms {
        Objects.requireNonNull(beaconId, "beaconId");
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(schemeId, "schemeId");
        Objects.requireNonNull(genesisTime, "genesisTime");
        if (epoch < 0 || epoch > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("proposal: epoch " + epoch + " is not a uint32");
        }
        genesisSeed = genesisSeed == null ? new byte[0] : genesisSeed.clone();
        joining = List.copyOf(joining);
        remaining = List.copyOf(remaining);
        leaving = List.copyOf(leaving);
    }

    @Override
    public byte[] genesisSeed() {
        return genesisSeed.clone();
    }

    /** The same terms with another genesis seed. */
    public ProposalTerms withSeed(byte[] seed) {
        return new ProposalTerms(beaconId, epoch, leader, threshold, timeout, catchupPeriodSeconds,
                beaconPeriodSeconds, schemeId, genesisTime, seed, joining, remaining, leaving);
    }

    /** Remaining then joining: the nodes of the next group. */
    public List<Participant> nextGroup() {
        return java.util.stream.Stream.concat(remaining.stream(), joining.stream()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalTerms p && p.beaconId.equals(beaconId) && p.epoch == epoch
                && p.leader.equals(leader) && p.threshold == threshold && p.timeout.equals(timeout)
                && p.catchupPeriodSeconds == catchupPeriodSeconds && p.beaconPeriodSeconds == beaconPeriodSeconds
                && p.schemeId.equals(schemeId) && p.genesisTime.equals(genesisTime)
                && Arrays.equals(p.genesisSeed, genesisSeed) && p.joining.equals(joining)
                && p.remaining.equals(remaining) && p.leaving.equals(leaving);
    }

    @Override
    public int hashCode() {
        return Objects.hash(beaconId, epoch, leader, threshold, timeout, schemeId, joining, remaining, leaving);
    }

    @Override
    public String toString() {
        return "ProposalTerms[beacon=" + beaconId + ", epoch=" + epoch + ", leader=" + leader.address() + ", t="
                + threshold + ", joining=" + joining.size() + ", remaining=" + remaining.size() + ", leaving="
                + leaving.size() + "]";
    }
}
