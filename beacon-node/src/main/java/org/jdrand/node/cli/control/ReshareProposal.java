package org.jdrand.node.cli.control;

import java.time.Instant;
import java.util.List;

/** The leader's proposal of a new group that keeps the group key and the chain. */
public record ReshareProposal(Instant timeout, int threshold, int catchupPeriodSeconds, List<ProposalMember> joining,
        List<ProposalMember> remaining, List<ProposalMember> leaving) {
    public ReshareProposal {
        joining = List.copyOf(joining);
        remaining = List.copyOf(remaining);
        leaving = List.copyOf(leaving);
    }
}
