package org.jdrand.node.cli.control;

/**
 * A failed call to the local daemon's control port or to another node, in the CLI's terms: the
 * message is what an operator can act on (see {@link ControlClient}); {@link #description()} is
 * the daemon's own words, if it gave any.
 */
public final class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, as far as a command reacts to it. */
    public enum Reason {
        /** the daemon or node cannot be reached */
        UNREACHABLE,
        /** no answer within the deadline */
        TIMED_OUT,
        /** the beacon (or what was asked for) does not exist there */
        NOT_FOUND,
        /** the daemon does not implement the call */
        UNSUPPORTED,
        /** the daemon refused in the current state (e.g. another chain hash) */
        REFUSED,
        /** anything else the daemon answered with */
        OTHER
    }

    private final Reason reason;
    private final String description;
    private final String status;

    /**
     * @param message     the explanation for the operator
     * @param description the daemon's own description (null when it gave none)
     * @param status      the transport's full status, as printed in diagnostics
     */
    ControlException(Reason reason, String message, String description, String status) {
        super(message);
        this.reason = reason;
        this.description = description;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The daemon's own description of the failure, null when it gave none. */
    public String description() {
        return description;
    }

    /** The status as the transport reported it (code and description), for diagnostics. */
    public String status() {
        return status;
    }
}
