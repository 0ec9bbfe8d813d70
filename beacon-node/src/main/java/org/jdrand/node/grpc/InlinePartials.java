package org.jdrand.node.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jdrand.proto.drand.ProtocolGrpc;

/**
 * Runs drand.Protocol/PartialBeacon on the transport thread that read it and every other call on
 * {@code calls}, saving one thread wake-up per partial (transport → executor → engine thread
 * becomes transport → engine thread) at the moment every node of a group is busy with the round.
 *
 * <p>gRPC looks the method up on the server's default executor before it asks this supplier, so
 * the default executor is made direct (the lookup is a map read) and every method but
 * PartialBeacon is switched to {@code calls}, as with gRPC's own default executor.
 *
 * <p>Safe because nothing on PartialBeacon's path before the engine thread can block: the
 * interceptors (caller address, time header, version gate) read headers and the message; the
 * handler resolves the beacon (concurrent-map reads), then {@code PartialIntake.process} only
 * reads the clock and volatile heads, checks lengths and indices, counts rejections (lock-free
 * metrics), copies two small arrays and queues the offer on the engine thread; the signature
 * check runs on the crypto pool, never here. No store read, no lock held beyond a queue insert.
 * The answer is written from whichever thread completes it (Netty queues writes off its loop).
 */
public final class InlinePartials implements ServerCallExecutorSupplier {
    private static final String PARTIAL_BEACON = ProtocolGrpc.getPartialBeaconMethod().getFullMethodName();

    private final Executor calls;

    private InlinePartials(Executor calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Sets {@code builder}'s executors: PartialBeacon inline, everything else on {@code calls}. */
    public static NettyServerBuilder install(NettyServerBuilder builder, Executor calls) {
        return builder.directExecutor().callExecutor(new InlinePartials(calls));
    }

    /** null keeps the server's (direct) executor. */
    @Override
    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        return PARTIAL_BEACON.equals(call.getMethodDescriptor().getFullMethodName()) ? null : calls;
    }
}
