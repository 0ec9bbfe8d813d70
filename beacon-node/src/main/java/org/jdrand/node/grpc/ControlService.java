package org.jdrand.node.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;
import org.jdrand.crypto.Scheme;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.beacon.GroupMember;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.GroupRequest;
import org.jdrand.proto.drand.ListSchemesRequest;
import org.jdrand.proto.drand.ListSchemesResponse;
import org.jdrand.proto.drand.Ping;
import org.jdrand.proto.drand.Pong;
import org.jdrand.proto.drand.PublicKeyRequest;
import org.jdrand.proto.drand.PublicKeyResponse;
import org.jdrand.proto.drand.ShutdownRequest;
import org.jdrand.proto.drand.ShutdownResponse;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;

/** drand.Control on the localhost control listener (the subset jdrand implements so far). */
public final class ControlService extends ControlGrpc.ControlImplBase {
    private final BeaconRouter router;
    private final Consumer<String> shutdown;
    private volatile ChainSyncHandler chainSync;

    /**
     * @param shutdown called with "" to stop the daemon, or a beacon ID to stop that process
     */
    public ControlService(BeaconRouter router, Consumer<String> shutdown) {
        this.router = router;
        this.shutdown = shutdown;
    }

    /** hook (operator sync): who serves StartFollowChain / StartCheckChain (UNIMPLEMENTED without). */
    public ControlService withChainSync(ChainSyncHandler handler) {
        this.chainSync = handler;
        return this;
    }

    @Override
    public void startFollowChain(org.jdrand.proto.drand.StartSyncRequest req,
            StreamObserver<org.jdrand.proto.drand.SyncProgress> obs) {
        ChainSyncHandler h = chainSync;
        if (h == null) {
            super.startFollowChain(req, obs);
            return;
        }
        h.follow(req, (io.grpc.stub.ServerCallStreamObserver<org.jdrand.proto.drand.SyncProgress>) obs);
    }

    @Override
    public void startCheckChain(org.jdrand.proto.drand.StartSyncRequest req,
            StreamObserver<org.jdrand.proto.drand.SyncProgress> obs) {
        ChainSyncHandler h = chainSync;
        if (h == null) {
            super.startCheckChain(req, obs);
            return;
        }
        h.check(req, (io.grpc.stub.ServerCallStreamObserver<org.jdrand.proto.drand.SyncProgress>) obs);
    }

    @Override
    public void pingPong(Ping req, StreamObserver<Pong> obs) {
        obs.onNext(Pong.newBuilder().setMetadata(ProtoMapper.metadata("")).build());
        obs.onCompleted();
    }

    @Override
    public void status(StatusRequest req, StreamObserver<StatusResponse> obs) {
        try {
            obs.onNext(ProtocolService.status(router.resolve(req.getMetadata())));
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void listSchemes(ListSchemesRequest req, StreamObserver<ListSchemesResponse> obs) {
        ListSchemesResponse.Builder b = ListSchemesResponse.newBuilder().setMetadata(ProtoMapper.metadata(""));
        Scheme.all().forEach(s -> b.addIds(s.id()));
        obs.onNext(b.build());
        obs.onCompleted();
    }

    @Override
    public void publicKey(PublicKeyRequest req, StreamObserver<PublicKeyResponse> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            GroupMember self = p.self().orElseThrow(() ->
                    Status.NOT_FOUND.withDescription("public key: beacon " + p.id() + " has no key pair").asException());
            obs.onNext(PublicKeyResponse.newBuilder()
                    .setPubKey(ByteString.copyFrom(self.key()))
                    .setAddr(self.address())
                    .setSignature(ByteString.copyFrom(self.signature()))
                    .setSchemeName(p.info().scheme().id())
                    .setMetadata(ProtoMapper.metadata(p.id(), p.chainHash()))
                    .build());
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            obs.onNext(ProtoMapper.toChainInfo(p.info(), ProtoMapper.metadata(p.id(), p.chainHash())));
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void groupFile(GroupRequest req, StreamObserver<GroupPacket> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            obs.onNext(ProtoMapper.toGroup(p.group(), ProtoMapper.metadata(p.id(), p.chainHash())));
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> obs) {
        String id = req.getMetadata().getBeaconID();
        if (!id.isEmpty() && router.registry().byId(id).isEmpty()) {
            GrpcErrors.fail(obs, Status.NOT_FOUND.withDescription("shutdown: unknown beacon ID " + id).asException());
            return;
        }
        obs.onNext(ShutdownResponse.newBuilder().setMetadata(ProtoMapper.metadata(id)).build());
        obs.onCompleted();
        shutdown.accept(id);
    }
}
