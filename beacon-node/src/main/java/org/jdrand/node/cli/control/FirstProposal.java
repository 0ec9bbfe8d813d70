package org.jdrand.node.cli.control;

import org.jdrand.dkg.ceremony.Participant;
import java.time.Instant;
import java.util.List;

/** The leader's proposal of a beacon's first DKG (epoch 1). */
public record FirstProposal(Instant timeout, int threshold, int periodSeconds, String scheme, int catchupPeriodSeconds,
        Instant genesisTime, List<Participant> joining) {
    public FirstProposal {
        joining = List.copyOf(joining);
    }
}
