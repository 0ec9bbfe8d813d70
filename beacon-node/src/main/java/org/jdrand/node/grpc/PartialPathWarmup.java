package org.jdrand.node.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jdrand.node.engine.EngineObserver;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;

/**
 * Sends a few thousand partials through the code that carries them between members, before the
 * node's first rounds: {@link GrpcPeers#sendPartial}'s stub, channel and Netty client, HTTP/2,
 * and a loopback server built as the daemon's (inline partials, the caller-address interceptor,
 * the version gate), answered by a handler that only acknowledges.
 *
 * <p>Why: at one round a second a member sends and receives a handful of partials, so each
 * method on that path takes minutes to reach the JIT's compile thresholds; until then the rounds
 * run it interpreted or in C1's profiling tier, and five young nodes compile at each round's
 * instant (docs/PERFORMANCE.md, session 16). Run once, here, the compilations happen before the
 * chain needs the cores. The throwaway server and channel are closed afterwards; nothing reaches
 * a beacon process or a peer.
 */
public final class PartialPathWarmup {
    private static final String BEACON_ID = "warm-up";
    private static final int IN_FLIGHT = 8;

    /** What one warm-up did. */
    public record Result(int sent, int answered, long nanos, int port) {
    }

    private PartialPathWarmup() {
    }

    /**
     * Sends at most {@code maxCalls} partials of {@code partialSize} bytes (over a
     * {@code prevSize}-byte previous signature) through a loopback server on a free port, each once
     * {@code next} allows it (it may block to pace them; the first false ends the warm-up), at most
     * {@link #IN_FLIGHT} at once, and waits for every answer (bounded by {@code timeoutMillis} in all).
     */
    public static Result run(int maxCalls, BooleanSupplier next, int partialSize, int prevSize, long timeoutMillis)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        AtomicLong answered = new AtomicLong();
        Semaphore window = new Semaphore(IN_FLIGHT);
        ProtocolGrpc.ProtocolImplBase acknowledge = new ProtocolGrpc.ProtocolImplBase() {
            @Override
            public void partialBeacon(PartialBeaconPacket request, StreamObserver<Empty> response) {
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        InsecureServerCredentials.create())
                .intercept(ProtocolService.remoteAddressInterceptor())
                .addService(ServerInterceptors.intercept(acknowledge, new VersionGate(ProtoMapper.NODE_VERSION)));
        Server server = InlinePartials.install(builder, Runnable::run).build().start();
        int port = server.getPort();
        int sent = 0;
        try (PeerChannels channels = new PeerChannels()) {
            String address = "127.0.0.1:" + port;
            GrpcPeers peers = new GrpcPeers(channels, BEACON_ID, List.of(address));
            peers.setObserver(new EngineObserver() {
                @Override
                public void partialSent(String beaconId, String peer) {
                    answered.incrementAndGet();
                    window.release();
                }

                @Override
                public void partialSendFailed(String beaconId, String peer) {
                    window.release();
                }
            });
            byte[] prev = new byte[prevSize];
            byte[] partial = new byte[partialSize];
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (long round = 1; sent < maxCalls && next.getAsBoolean(); round++) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !window.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                prev[0] = (byte) round; // distinct messages, as rounds are
                partial[partial.length - 1] = (byte) round;
                peers.sendPartial(round, prev, partial);
                sent++;
            }
            // every answer in (or the time is up) before the channel closes
            window.tryAcquire(IN_FLIGHT, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            server.shutdownNow();
            server.awaitTermination(2, TimeUnit.SECONDS);
        }
        return new Result(sent, (int) answered.get(), System.nanoTime() - start, port);
    }
}
