package org.jdrand.node.sync;

/** Operator sync behind drand.Control's StartFollowChain and StartCheckChain (node-protocol.md §6.3). */
public interface OperatorSyncHandler {
    /** Follows a chain this node holds no share of; streams progress until up_to (0: until cancelled). */
    void follow(OperatorSyncRequest request, OperatorSyncStream progress);

    /** Verifies stored rounds 1..up_to and re-fetches bad or missing ones (own address only: dry run). */
    void check(OperatorSyncRequest request, OperatorSyncStream progress);
}
