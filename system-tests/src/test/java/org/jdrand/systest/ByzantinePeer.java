package org.jdrand.systest;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.SyncRequest;

/**
 * The server side of a Byzantine group member, listening on the member's own address with its
 * real share: it takes the honest nodes' partials, answers ChainInfo truthfully (copied from an
 * honest node, so that a follower accepts it as a source) and forges every SyncChain stream. The
 * streams alternate between beacons signed with the member's share instead of the group's (they
 * do not verify) and a real chain that skips the first round asked for (out of order).
 */
final class ByzantinePeer implements AutoCloseable {
    /** Forged beacons per stream. */
    static final int FORGED = 20;

    private final ThresholdBls tbls;
    private final PriShare share;
    private final Scheme scheme;
    private final ManagedChannel honest;
    private final LongFunction<Beacon> realBeacon;
    private final Server server;
    final AtomicInteger partialsReceived = new AtomicInteger();
    final AtomicInteger forgedStreams = new AtomicInteger();

    /**
     * @param realBeacon an honest node's beacon of a round (the forged streams start from the real chain)
     */
    ByzantinePeer(int port, ThresholdBls tbls, PriShare share, Scheme scheme, ManagedChannel honest,
            LongFunction<Beacon> realBeacon) throws IOException {
        this.tbls = tbls;
        this.share = share;
        this.scheme = scheme;
        this.honest = honest;
        this.realBeacon = realBeacon;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port),
                        InsecureServerCredentials.create())
                .addService(new Protocol()).addService(new Public()).build().start();
    }

    /** This member's partial for (round, prev) over the message of {@code signedRound} (the real one: signedRound = round). */
    byte[] partial(long signedRound, byte[] prev) {
        return tbls.signPartial(share, scheme.digest(prev, signedRound));
    }

    private final class Protocol extends ProtocolGrpc.ProtocolImplBase {
        @Override
        public void partialBeacon(PartialBeaconPacket req, StreamObserver<Empty> obs) {
            partialsReceived.incrementAndGet();
            obs.onNext(Empty.getDefaultInstance());
            obs.onCompleted();
        }

        @Override
        public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
            long from = Math.max(1, req.getFromRound());
            Metadata md = ProtoMapper.beaconIdOnly(req.getMetadata().getBeaconID().isEmpty() ? "default"
                    : req.getMetadata().getBeaconID());
            try {
                if (forgedStreams.getAndIncrement() % 2 == 0) {
                    byte[] prev = realBeacon.apply(from).previousSignature();
                    for (long r = from; r < from + FORGED; r++) {
                        byte[] p = partial(r, prev);
                        byte[] sig = Arrays.copyOfRange(p, 2, p.length); // a share's signature, not the group's
                        obs.onNext(ProtoMapper.toBeaconPacket(new Beacon(r, sig, prev), md));
                        prev = sig;
                    }
                } else {
                    // real beacons, but the stream starts one round after the one asked for
                    for (long r = from + 1; r < from + 4; r++) {
                        obs.onNext(ProtoMapper.toBeaconPacket(realBeacon.apply(r), md));
                    }
                }
                obs.onCompleted();
            } catch (RuntimeException e) {
                obs.onError(e);
            }
        }
    }

    private final class Public extends PublicGrpc.PublicImplBase {
        @Override
        public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
            try {
                obs.onNext(PublicGrpc.newBlockingStub(honest).withDeadlineAfter(5, TimeUnit.SECONDS).chainInfo(req));
                obs.onCompleted();
            } catch (RuntimeException e) {
                obs.onError(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
