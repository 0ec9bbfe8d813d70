package org.jdrand.node.dkg;

import java.time.Instant;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.ProposalTerms;

/**
 * The bytes a gossip packet's {@code GossipMetadata.signature} covers, computed by the dkg
 * module ({@link org.jdrand.dkg.ceremony.GossipSigning}, dkg.md §8) from this node's entries.
 */
final class GossipSigning {
    private GossipSigning() {}

    static GossipPayload proposal(DkgEntry terms) {
        return new GossipPayload.Proposal(terms(terms));
    }

    static GossipPayload accept(Participant p) {
        return new GossipPayload.Accept(participant(p));
    }

    static GossipPayload reject(Participant p) {
        return new GossipPayload.Reject(participant(p));
    }

    static GossipPayload abort(String reason) {
        return new GossipPayload.Abort(reason);
    }

    static GossipPayload execute(Instant kickoff) {
        return new GossipPayload.Execute(kickoff);
    }

    /** The full signed message for {@code payload} under the current {@code terms}. */
    static byte[] message(String beaconId, GossipPayload payload, DkgEntry terms) {
        return org.jdrand.dkg.ceremony.GossipSigning.message(beaconId, payload, terms(terms));
    }

    static ProposalTerms terms(DkgEntry e) {
        return new ProposalTerms(e.beaconId(), e.epoch(), participant(e.leader()), e.threshold(), e.timeout(),
                e.catchupPeriodSeconds(), e.periodSeconds(), e.schemeId(), e.genesisTime(), e.genesisSeed(),
                e.joining().stream().map(GossipSigning::participant).toList(),
                e.remaining().stream().map(GossipSigning::participant).toList(),
                e.leaving().stream().map(GossipSigning::participant).toList());
    }

    private static org.jdrand.dkg.ceremony.Participant participant(Participant p) {
        return new org.jdrand.dkg.ceremony.Participant(p.address(), p.key(), p.signature());
    }
}
