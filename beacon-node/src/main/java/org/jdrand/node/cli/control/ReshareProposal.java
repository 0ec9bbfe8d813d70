package org.jdrand.node.cli.control;

import org.jdrand.dkg.ceremony.Participant;
import java.time.Instant;
import java.util.List;

/** The leader's proposal of a new group that keeps the group key and the chain. */
public record ReshareProposal(Instant timeout, int threshold, int catchupPeriodSeconds, List<Participant> joining,
        List<Participant> remaining, List<Participant> leaving) {
    public ReshareProposal {
        joining = List.copyOf(joining);
        remaining = List.copyOf(remaining);
        leaving = List.copyOf(leaving);
    }
}
