package org.jdrand.node.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import org.jdrand.node.sync.OperatorSyncException;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncStream;
import org.jdrand.proto.drand.SyncProgress;

/** StartFollowChain / StartCheckChain's reply stream behind the domain's {@link OperatorSyncStream}. */
final class OperatorSyncReplies implements OperatorSyncStream {
    private final ServerCallStreamObserver<SyncProgress> obs;

    OperatorSyncReplies(ServerCallStreamObserver<SyncProgress> obs) {
        this.obs = obs;
    }

    @Override
    public void progress(OperatorSyncProgress p) {
        if (!obs.isCancelled()) {
            obs.onNext(ProtoMapper.toSyncProgress(p));
        }
    }

    @Override
    public void completed() {
        obs.onCompleted();
    }

    @Override
    public void failed(OperatorSyncException error) {
        try {
            if (!obs.isCancelled()) {
                obs.onError(status(error).withDescription(error.getMessage()).asException());
            }
        } catch (RuntimeException ignored) {
            // the client is gone
        }
    }

    static Status status(OperatorSyncException e) {
        return switch (e.reason()) {
            case BAD_REQUEST -> Status.INVALID_ARGUMENT;
            case UNKNOWN_BEACON -> Status.NOT_FOUND;
            case REFUSED -> Status.FAILED_PRECONDITION;
            case ALREADY_RUNNING -> Status.ALREADY_EXISTS;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case DATA_LOSS -> Status.DATA_LOSS;
            case INTERRUPTED -> Status.ABORTED;
            case FAILED -> Status.INTERNAL;
        };
    }

    @Override
    public boolean isCancelled() {
        return obs.isCancelled();
    }

    @Override
    public void onCancel(Runnable action) {
        obs.setOnCancelHandler(action);
    }
}
