package org.jdrand.node.cli.control;

import java.time.Instant;
import java.util.List;

/** The leader's proposal of a beacon's first DKG (epoch 1). */
public record FirstProposal(Instant timeout, int threshold, int periodSeconds, String scheme, int catchupPeriodSeconds,
        Instant genesisTime, List<ProposalMember> joining) {
    public FirstProposal {
        joining = List.copyOf(joining);
    }
}
