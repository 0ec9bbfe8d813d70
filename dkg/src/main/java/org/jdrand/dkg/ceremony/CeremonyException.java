package org.jdrand.dkg.ceremony;

/** A ceremony command, packet or proposal refused, with drand's reason. */
public final class CeremonyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** drand's DKG state errors (internal/dkg/state_machine.go), the ones jdrand checks. */
    public enum Reason {
        INVALID_TRANSITION, MISSING_TERMS, TIMEOUT_REACHED, INVALID_BEACON_ID, INVALID_SCHEME,
        INVALID_PARTICIPANT_SIGNATURE, THRESHOLD_TOO_HIGH, THRESHOLD_TOO_LOW, INVALID_EPOCH, INVALID_EPOCH_LEFTOVER,
        GENESIS_SEED_IN_FIRST_EPOCH, ONLY_JOINERS_IN_FIRST_EPOCH, LEADER_NOT_JOINING, NO_NODES_REMAINING,
        LEADER_CANNOT_JOIN, LEADER_NOT_REMAINING, NODE_COUNT_TOO_LOW, GENESIS_TIME_CHANGED, GENESIS_SEED_CHANGED,
        NODES_MISSING_FROM_PROPOSAL, UNKNOWN_NODES_IN_PROPOSAL, MISSING_PREVIOUS_GROUP, SELF_MISSING_FROM_PROPOSAL,
        NOT_SENT_BY_LEADER, CANNOT_ACCEPT_AS_LEAVER, CANNOT_ACCEPT_AS_JOINER, CANNOT_REJECT_AS_LEAVER,
        CANNOT_REJECT_AS_JOINER, CANNOT_JOIN_IF_NOT_JOINER, CANNOT_LEAVE_IF_NOT_LEAVER, UNKNOWN_ACCEPTOR,
        DUPLICATE_ACCEPTANCE, INVALID_ACCEPTOR, UNKNOWN_REJECTOR, DUPLICATE_REJECTION, INVALID_REJECTOR,
        NOT_IN_PROPOSAL_PHASE, CANNOT_EXECUTE_IF_NOT_PARTICIPANT,
        /** jdrand's addition: one address listed twice among joiners, remainers and leavers. */
        DUPLICATE_ADDRESS,
        /** jdrand's addition: the leader executes only a proposal every remainer accepted, none rejected. */
        REJECTED_BY_REMAINERS, MISSING_ACCEPTANCES
    }

    private final Reason reason;

    public CeremonyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
