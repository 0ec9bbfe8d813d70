package org.jdrand.dkg.ceremony;

import java.time.Instant;
import java.util.Objects;

/** The packet part of a {@code dkg.GossipPacket}: what the sender is telling the group. */
public sealed interface GossipPayload {
    /** The leader's proposal. */
    record Proposal(ProposalTerms terms) implements GossipPayload {
        public Proposal {
            Objects.requireNonNull(terms, "terms");
        }
    }

    /** A remainer accepts. */
    record Accept(Participant acceptor) implements GossipPayload {
        public Accept {
            Objects.requireNonNull(acceptor, "acceptor");
        }
    }

    /** A remainer rejects. */
    record Reject(Participant rejector) implements GossipPayload {
        public Reject {
            Objects.requireNonNull(rejector, "rejector");
        }
    }

    /** The leader aborts. */
    record Abort(String reason) implements GossipPayload {
        public Abort {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The leader starts the execution at {@code time} (the kickoff). */
    record Execute(Instant time) implements GossipPayload {
        public Execute {
            Objects.requireNonNull(time, "time");
        }
    }

    /** A kyber bundle carried in gossip. */
    record DkgBundle() implements GossipPayload {}
}
