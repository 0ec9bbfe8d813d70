package org.jdrand.node.sync;

/**
 * Where an operator sync reports to the operator's client: progress, then exactly one of
 * {@link #completed} or {@link #failed}. Implemented by the gRPC adapter (StartFollowChain and
 * StartCheckChain's reply stream).
 */
public interface OperatorSyncStream {
    /** Delivers one progress step (nothing when the client has left); may throw if the transport fails. */
    void progress(OperatorSyncProgress progress);

    void completed();

    /** Ends the stream with the reason; never throws (the client may be gone). */
    void failed(OperatorSyncException error);

    boolean isCancelled();

    /** Runs {@code action} when the client cancels; must be set before the handler returns. */
    void onCancel(Runnable action);
}
