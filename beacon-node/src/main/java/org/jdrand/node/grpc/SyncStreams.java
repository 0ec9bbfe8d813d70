package org.jdrand.node.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open SyncChain streams by beacon ID and remote address (drand's callback ID
 * {@code SyncChain-<addr>}, spec §6.2): a second stream from the same address replaces the
 * first, which ends with ABORTED. A client that restarts its sync therefore never leaves a
 * stale stream behind on the server.
 */
final class SyncStreams {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStreams.class);
    private static final Context.Key<String> REMOTE = Context.key("jdrand-remote-address");
    private static final String SYNC_CHAIN = org.jdrand.proto.drand.ProtocolGrpc.getSyncChainMethod().getFullMethodName();

    private final Map<String, Replaceable<?>> open = new ConcurrentHashMap<>();

    /**
     * Puts the caller's address (host:port of the connection) in SyncChain's context, the one
     * method that reads it: other calls (a partial per peer per round) skip the context wrapper.
     */
    static ServerInterceptor remoteAddress() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                if (!SYNC_CHAIN.equals(call.getMethodDescriptor().getFullMethodName())) {
                    return next.startCall(call, headers);
                }
                SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                if (a == null) {
                    return next.startCall(call, headers);
                }
                String addr = hostPort(a);
                return Contexts.interceptCall(Context.current().withValue(REMOTE, addr), call, headers, next);
            }
        };
    }

    /** "host/1.2.3.4:5" or "/1.2.3.4:5" → "1.2.3.4:5" (what follows the first slash, if any). */
    static String hostPort(SocketAddress a) {
        String s = a.toString();
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }

    /** The caller's address, or null when the server has no {@link #remoteAddress()} interceptor. */
    static String currentRemote() {
        return REMOTE.get();
    }

    /**
     * Registers the stream of {@code obs} and ends the one it replaces; stream through the
     * returned observer. An unknown {@code remote} (null) is never registered nor replaced.
     */
    <T> StreamObserver<T> register(String beaconId, String remote, StreamObserver<T> obs) {
        if (remote == null) {
            return obs;
        }
        String id = beaconId + "/SyncChain-" + remote;
        Replaceable<T> stream = new Replaceable<>((ServerCallStreamObserver<T>) obs, () -> { });
        stream.onEnd = () -> open.remove(id, stream);
        Replaceable<?> old = open.put(id, stream);
        if (old != null) {
            LOG.info("sync stream replaced id={} remote={}", beaconId, remote);
            old.replace();
        }
        return stream;
    }

    int openStreams() {
        return open.size();
    }

    /** Forwards to the call's observer until replaced; then the streamer sees a cancelled call. */
    private static final class Replaceable<T> extends ServerCallStreamObserver<T> {
        private final ServerCallStreamObserver<T> call;
        private volatile Runnable onEnd;
        private volatile Runnable cancelHandler = () -> { };
        private boolean ended;

        Replaceable(ServerCallStreamObserver<T> call, Runnable onEnd) {
            this.call = call;
            this.onEnd = onEnd;
            call.setOnCancelHandler(this::cancelled);
        }

        private void cancelled() {
            synchronized (this) {
                ended = true;
            }
            onEnd.run();
            cancelHandler.run();
        }

        void replace() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                call.onError(Status.ABORTED.withDescription("sync: stream replaced by a newer SyncChain from the same address")
                        .asRuntimeException());
            }
            cancelHandler.run();
        }

        @Override
        public synchronized boolean isCancelled() {
            return ended || call.isCancelled();
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {
            this.cancelHandler = onCancelHandler;
        }

        @Override
        public void setOnCloseHandler(Runnable onCloseHandler) {
            call.setOnCloseHandler(onCloseHandler);
        }

        @Override
        public void setCompression(String compression) {
            call.setCompression(compression);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {
            call.setOnReadyHandler(onReadyHandler);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void disableAutoInboundFlowControl() {
            call.disableAutoInboundFlowControl();
        }

        @Override
        public void request(int count) {
            call.request(count);
        }

        @Override
        public void setMessageCompression(boolean enable) {
            call.setMessageCompression(enable);
        }

        @Override
        public synchronized void onNext(T value) {
            if (!ended) {
                call.onNext(value);
            }
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                call.onError(t);
            }
            onEnd.run();
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                call.onCompleted();
            }
            onEnd.run();
        }
    }
}
