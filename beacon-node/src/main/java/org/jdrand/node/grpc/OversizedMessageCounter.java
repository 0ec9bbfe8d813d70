package org.jdrand.node.grpc;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.util.function.Supplier;
import org.jdrand.node.engine.EngineObserver;

/**
 * Counts calls that gRPC itself ended with RESOURCE_EXHAUSTED: on this server that is a message
 * over the inbound size limit, refused by the transport before any service sees it (nothing here
 * returns that code), so only a stream tracer can tell the metrics.
 */
public final class OversizedMessageCounter extends ServerStreamTracer.Factory {
    private final Supplier<EngineObserver> observer;

    public OversizedMessageCounter(Supplier<EngineObserver> observer) {
        this.observer = observer;
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new ServerStreamTracer() {
            @Override
            public void streamClosed(Status status) {
                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    observer.get().oversizedMessage(fullMethodName);
                }
            }
        };
    }
}
