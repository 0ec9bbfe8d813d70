package org.jdrand.node.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jdrand.node.engine.PartialRejectedException;
import org.jdrand.node.store.StoreException;

/** Domain errors → gRPC status, only here at the edge. */
final class GrpcErrors {
    private GrpcErrors() {}

    static Status toStatus(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof StatusException se) {
            return se.getStatus();
        }
        if (e instanceof io.grpc.StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (e instanceof PartialRejectedException || e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription(e.getMessage());
        }
        if (e instanceof StoreException) {
            return Status.INTERNAL.withDescription(e.getMessage());
        }
        return Status.INTERNAL.withDescription(String.valueOf(e.getMessage()));
    }

    static void fail(StreamObserver<?> obs, Throwable t) {
        obs.onError(toStatus(t).asRuntimeException());
    }
}
