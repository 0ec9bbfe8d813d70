package org.jdrand.node.grpc;

import io.grpc.Context;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jdrand.node.engine.EngineObserver;
import org.jdrand.node.engine.PartialSender;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.SyncRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC client side of one beacon process: partials to every other member, chain streams for sync. */
public final class GrpcPeers implements PartialSender, BeaconStreamSource {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcPeers.class);
    private static final long PARTIAL_DEADLINE_MS = 5_000;

    private final PeerChannels channels;
    private final String beaconId;
    private final List<String> peers;
    private final AtomicLong failedSends = new AtomicLong();
    private volatile EngineObserver observer = EngineObserver.NONE;

    /** @param peers the other members' addresses (self excluded) */
    public GrpcPeers(PeerChannels channels, String beaconId, List<String> peers) {
        this.channels = channels;
        this.beaconId = beaconId;
        this.peers = List.copyOf(peers);
    }

    public void setObserver(EngineObserver observer) {
        this.observer = observer;
    }

    public long failedSends() {
        return failedSends.get();
    }

    @Override
    public void sendPartial(long round, byte[] prev, byte[] partial) {
        PartialBeaconPacket packet = ProtoMapper.toPartial(round, prev, partial, ProtoMapper.metadata(beaconId));
        for (String peer : peers) {
            // wait-for-ready within the deadline: a peer coming back up still gets this round's partial;
            // the answer's callbacks only set a metric (and log at debug): run them on the transport
            // thread, not after a hand-off to gRPC's executor (a thread wake-up per peer per round)
            ProtocolGrpc.newStub(channels.channel(peer))
                    .withExecutor(Runnable::run)
                    .withWaitForReady()
                    .withDeadlineAfter(PARTIAL_DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .partialBeacon(packet, new StreamObserver<>() {
                        @Override
                        public void onNext(Empty value) { }

                        @Override
                        public void onError(Throwable t) {
                            failedSends.incrementAndGet();
                            observer.partialSendFailed(beaconId, peer);
                            LOG.debug("partial send failed peer={} round={} error={}", peer, round, t.getMessage());
                        }

                        @Override
                        public void onCompleted() {
                            observer.partialSent(beaconId, peer);
                        }
                    });
        }
    }

    @Override
    public Handle open(String peer, long fromRound, Sink sink) {
        Context.CancellableContext ctx = Context.current().withCancellation();
        SyncRequest req = SyncRequest.newBuilder().setFromRound(fromRound)
                .setMetadata(Metadata.newBuilder().setBeaconID(beaconId)).build();
        AtomicReference<ClientCallStreamObserver<SyncRequest>> call = new AtomicReference<>();
        // callbacks run on the transport thread: the sink only maps and enqueues (never blocks), and
        // skipping the hand-off to gRPC's executor saves a thread wake-up per beacon during catch-up
        ctx.run(() -> ProtocolGrpc.newStub(channels.channel(peer)).withExecutor(Runnable::run)
                .syncChain(req, new FlowControlled(sink, ctx, call)));
        return new Handle() {
            @Override
            public void cancel() {
                ctx.cancel(null);
            }

            @Override
            public void request(int n) {
                ClientCallStreamObserver<SyncRequest> c = call.get();
                if (c != null && n > 0) {
                    c.request(n);
                }
            }
        };
    }

    /** A sync stream with manual flow control: the peer sends WINDOW beacons ahead of what sync has taken. */
    private static final class FlowControlled extends BeaconSinkObserver<BeaconPacket>
            implements ClientResponseObserver<SyncRequest, BeaconPacket> {
        private final AtomicReference<ClientCallStreamObserver<SyncRequest>> call;

        FlowControlled(Sink sink, Context.CancellableContext ctx,
                AtomicReference<ClientCallStreamObserver<SyncRequest>> call) {
            super(ProtoMapper::fromBeaconPacket, sink, ctx);
            this.call = call;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<SyncRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(WINDOW);
            call.set(requestStream);
        }
    }
}
