package org.jdrand.node.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import org.jdrand.proto.drand.StartSyncRequest;
import org.jdrand.proto.drand.SyncProgress;

/** Operator sync behind drand.Control's StartFollowChain and StartCheckChain (node-protocol.md §6.3). */
public interface ChainSyncHandler {
    /** Follows a chain this node holds no share of; streams progress until up_to (0: until cancelled). */
    void follow(StartSyncRequest request, ServerCallStreamObserver<SyncProgress> progress);

    /** Verifies stored rounds 1..up_to and re-fetches bad or missing ones (own address only: dry run). */
    void check(StartSyncRequest request, ServerCallStreamObserver<SyncProgress> progress);
}
