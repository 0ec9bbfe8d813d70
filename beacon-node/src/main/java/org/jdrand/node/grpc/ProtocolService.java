package org.jdrand.node.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.proto.drand.BeaconStatus;
import org.jdrand.proto.drand.ChainStoreStatus;
import org.jdrand.proto.drand.DkgStatus;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.IdentityRequest;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.jdrand.proto.drand.SyncRequest;

/** drand.Protocol: identity, partial exchange, chain sync server, status. */
public final class ProtocolService extends ProtocolGrpc.ProtocolImplBase {
    /** drand's DKG status "done" (dkg.md): every process here runs on a finished group. */
    private static final int DKG_COMPLETE = 4;

    private final BeaconRouter router;
    private final Executor streams;
    private final SyncStreams syncStreams = new SyncStreams();

    private final java.util.function.Function<String, java.util.Optional<NodeIdentity>> identityFallback;

    public ProtocolService(BeaconRouter router, Executor streams) {
        this(router, streams, id -> java.util.Optional.empty());
    }

    /** hook (ceremony): {@code identityFallback} answers GetIdentity for a beacon ID with no process yet. */
    public ProtocolService(BeaconRouter router, Executor streams,
            java.util.function.Function<String, java.util.Optional<NodeIdentity>> identityFallback) {
        this.router = router;
        this.streams = streams;
        this.identityFallback = identityFallback;
    }

    @Override
    public void getIdentity(IdentityRequest req, StreamObserver<IdentityResponse> obs) {
        String wanted = org.jdrand.crypto.chain.ChainInfo.normaliseBeaconId(req.getMetadata().getBeaconID());
        if (req.getMetadata().getChainHash().isEmpty() && router.registry().byId(wanted).isEmpty()) {
            java.util.Optional<NodeIdentity> fallback = identityFallback.apply(wanted);
            if (fallback.isPresent()) {
                obs.onNext(ProtoMapper.toIdentity(fallback.get(), wanted));
                obs.onCompleted();
                return;
            }
        }
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            Group.Member self = p.self().orElseThrow(() ->
                    Status.NOT_FOUND.withDescription("identity: beacon " + p.id() + " has no identity here").asException());
            obs.onNext(IdentityResponse.newBuilder()
                    .setAddress(self.address())
                    .setKey(ByteString.copyFrom(self.identity().key().toBytes()))
                    .setSignature(ByteString.copyFrom(self.identity().signature()))
                    .setSchemeName(p.info().scheme().id())
                    .setMetadata(ProtoMapper.metadata(p.id(), p.chainHash()))
                    .build());
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void partialBeacon(PartialBeaconPacket req, StreamObserver<Empty> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            p.engine().processPartial(req.getRound(), req.getPreviousSignature().toByteArray(),
                    req.getPartialSig().toByteArray()).whenComplete((v, e) -> {
                        if (e != null) {
                            GrpcErrors.fail(obs, e);
                        } else {
                            obs.onNext(Empty.getDefaultInstance());
                            obs.onCompleted();
                        }
                    });
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    /** Serves only when strictly ahead: from_round must be stored here. */
    @Override
    public void syncChain(SyncRequest req, StreamObserver<org.jdrand.proto.drand.BeaconPacket> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            long from = Math.max(1, req.getFromRound());
            long last = p.engine().lastRound();
            if (last < from) {
                throw Status.FAILED_PRECONDITION.withDescription("sync: no beacon stored from round " + from + " (last "
                        + last + ")").asException();
            }
            Metadata md = ProtoMapper.beaconIdOnly(p.id());
            // hook (ops): a second stream from the same address replaces the first (spec 6.2)
            ChainStreamer.stream(p.engine(), from, syncStreams.register(p.id(), SyncStreams.currentRemote(), obs),
                    b -> ProtoMapper.toBeaconPacket(b, md), streams);
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    /**
     * hook (ops): install on the private server so SyncChain knows the caller's address (drand's
     * callback ID SyncChain-addr); without it streams are never replaced.
     */
    public static io.grpc.ServerInterceptor remoteAddressInterceptor() {
        return SyncStreams.remoteAddress();
    }

    @Override
    public void status(StatusRequest req, StreamObserver<StatusResponse> obs) {
        try {
            obs.onNext(status(router.resolve(req.getMetadata())));
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    static StatusResponse status(BeaconProcess p) {
        long last = p.engine().lastRound();
        boolean running = p.engine().isRunning();
        return StatusResponse.newBuilder()
                .setDkg(DkgStatus.newBuilder().setStatus(DKG_COMPLETE))
                .setEpoch(1)
                .setBeacon(BeaconStatus.newBuilder()
                        .setIsRunning(running).setIsStarted(running).setIsServing(running).setIsStopped(!running))
                .setChainStore(ChainStoreStatus.newBuilder()
                        .setIsEmpty(last == 0).setLastStored(last).setExpectedLast(p.engine().clockRound()))
                .build();
    }
}
