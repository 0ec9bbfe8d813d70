package org.jdrand.node.sync;

/** Why an operator sync was refused or ended early; the gRPC adapter turns the reason into a status code. */
public final class OperatorSyncException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, in the operator's terms. */
    public enum Reason {
        /** the request itself is unusable (no node given, ...) */
        BAD_REQUEST,
        /** no such beacon on this node */
        UNKNOWN_BEACON,
        /** the node's or the peers' state forbids it (member of the group, another chain, ...) */
        REFUSED,
        /** the beacon is already being followed */
        ALREADY_RUNNING,
        /** no peer could serve what was needed, or the daemon is stopping */
        UNAVAILABLE,
        /** a dry run found invalid or missing rounds */
        DATA_LOSS,
        /** the worker was interrupted */
        INTERRUPTED,
        /** anything else: a store or programming error */
        FAILED
    }

    private final Reason reason;

    public OperatorSyncException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
