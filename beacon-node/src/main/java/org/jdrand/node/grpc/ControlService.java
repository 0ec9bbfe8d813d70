package org.jdrand.node.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;
import org.jdrand.crypto.Scheme;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.key.Group;
import org.jdrand.node.sync.OperatorSyncHandler;
import org.jdrand.proto.drand.Address;
import org.jdrand.proto.drand.BackupDBRequest;
import org.jdrand.proto.drand.BackupDBResponse;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.GroupRequest;
import org.jdrand.proto.drand.ListSchemesRequest;
import org.jdrand.proto.drand.LoadBeaconRequest;
import org.jdrand.proto.drand.LoadBeaconResponse;
import org.jdrand.proto.drand.RemoteStatusRequest;
import org.jdrand.proto.drand.RemoteStatusResponse;
import org.jdrand.proto.drand.ListSchemesResponse;
import org.jdrand.proto.drand.Ping;
import org.jdrand.proto.drand.Pong;
import org.jdrand.proto.drand.PublicKeyRequest;
import org.jdrand.proto.drand.PublicKeyResponse;
import org.jdrand.proto.drand.ShutdownRequest;
import org.jdrand.proto.drand.ShutdownResponse;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;

/** drand.Control on the localhost control listener. */
public final class ControlService extends ControlGrpc.ControlImplBase {
    /** drand: RemoteStatus gives each node 10 s. */
    static final long REMOTE_STATUS_DEADLINE_MS = 10_000;
    /** Status connections: a short health call per member, all at once. */
    static final long HEALTH_DEADLINE_MS = 3_000;

    /** hook (ops): LoadBeacon, backed by the daemon and the beacon's files on disk. */
    @FunctionalInterface
    public interface BeaconLoading {
        /** Loads {@code beaconId} (normalised) and says what was loaded; throws a StatusException to refuse. */
        String load(String beaconId) throws Exception;
    }

    private final BeaconRouter router;
    private final Consumer<String> shutdown;
    private volatile BeaconLoading loading = id -> {
        throw Status.UNIMPLEMENTED.withDescription("load: this daemon cannot load beacons from disk").asException();
    };
    private volatile java.util.function.Function<String, io.grpc.Channel> dial;
    private volatile OperatorSyncHandler chainSync;

    /**
     * @param shutdown called with "" to stop the daemon, or a beacon ID to stop that process
     */
    public ControlService(BeaconRouter router, Consumer<String> shutdown) {
        this.router = router;
        this.shutdown = shutdown;
    }

    /** hook (ops): how LoadBeacon loads a beacon. */
    public ControlService withLoading(BeaconLoading loading) {
        this.loading = loading;
        return this;
    }

    /** hook (ops): the channel to a peer, for Status connections and RemoteStatus. */
    public ControlService withPeers(java.util.function.Function<String, io.grpc.Channel> dial) {
        this.dial = dial;
        return this;
    }

    /** hook (operator sync): who serves StartFollowChain / StartCheckChain (UNIMPLEMENTED without). */
    public ControlService withChainSync(OperatorSyncHandler handler) {
        this.chainSync = handler;
        return this;
    }

    @Override
    public void startFollowChain(org.jdrand.proto.drand.StartSyncRequest req,
            StreamObserver<org.jdrand.proto.drand.SyncProgress> obs) {
        OperatorSyncHandler h = chainSync;
        if (h == null) {
            super.startFollowChain(req, obs);
            return;
        }
        h.follow(ProtoMapper.fromSyncRequest(req),
                new OperatorSyncReplies((ServerCallStreamObserver<org.jdrand.proto.drand.SyncProgress>) obs));
    }

    @Override
    public void startCheckChain(org.jdrand.proto.drand.StartSyncRequest req,
            StreamObserver<org.jdrand.proto.drand.SyncProgress> obs) {
        OperatorSyncHandler h = chainSync;
        if (h == null) {
            super.startCheckChain(req, obs);
            return;
        }
        h.check(ProtoMapper.fromSyncRequest(req),
                new OperatorSyncReplies((ServerCallStreamObserver<org.jdrand.proto.drand.SyncProgress>) obs));
    }

    @Override
    public void pingPong(Ping req, StreamObserver<Pong> obs) {
        obs.onNext(Pong.newBuilder().setMetadata(ProtoMapper.metadata("")).build());
        obs.onCompleted();
    }

    @Override
    public void status(StatusRequest req, StreamObserver<StatusResponse> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            StatusResponse.Builder b = ProtocolService.status(p).toBuilder();
            if (dial != null) {
                b.putAllConnections(PeerStatus.reachable(dial, connectionTargets(req, p), HEALTH_DEADLINE_MS));
            }
            obs.onNext(b.build());
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
            Group.Member self = p.self().orElseThrow(() ->
                    Status.NOT_FOUND.withDescription("public key: beacon " + p.id() + " has no key pair").asException());
            obs.onNext(PublicKeyResponse.newBuilder()
                    .setPubKey(ByteString.copyFrom(self.identity().key().toBytes()))
                    .setAddr(self.address())
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

    /** drand: the listed addresses, or every other member when none (or only our own) is listed. */
    private static java.util.List<String> connectionTargets(StatusRequest req, BeaconProcess p) {
        String own = p.self().map(Group.Member::address).orElse("");
        java.util.List<String> listed = req.getCheckConnList().stream().map(Address::getAddress)
                .filter(a -> !a.isBlank()).distinct().toList();
        if (!listed.isEmpty() && !(listed.size() == 1 && listed.get(0).equals(own))) {
            return listed;
        }
        return p.group().nodes().stream().map(Group.Member::address).filter(a -> !a.equals(own)).toList();
    }

    /**
     * Asks each listed node (or every member of the beacon's group) for its Status over
     * drand.Protocol, all at once, 10 s each. Our own address is answered locally. A node that did
     * not answer is reported with an empty StatusResponse (no beacon field).
     */
    @Override
    public void remoteStatus(RemoteStatusRequest req, StreamObserver<RemoteStatusResponse> obs) {
        try {
            if (dial == null) {
                throw Status.UNIMPLEMENTED.withDescription("remote status: no peer connections here").asException();
            }
            java.util.List<String> targets = req.getAddressesList().stream().map(Address::getAddress)
                    .filter(a -> !a.isBlank()).distinct().toList();
            java.util.Optional<BeaconProcess> local = router.registry().byId(req.getMetadata().getBeaconID());
            if (targets.isEmpty()) {
                BeaconProcess p = router.resolve(req.getMetadata());
                targets = p.group().nodes().stream().map(Group.Member::address).toList();
            }
            String own = local.flatMap(BeaconProcess::self).map(Group.Member::address).orElse(null);
            java.util.List<String> remote = targets.stream().filter(a -> !a.equals(own)).toList();
            StatusRequest ask = StatusRequest.newBuilder()
                    .setMetadata(ProtoMapper.metadata(req.getMetadata().getBeaconID())).build();
            RemoteStatusResponse.Builder b = RemoteStatusResponse.newBuilder()
                    .putAllStatuses(PeerStatus.statuses(dial, remote, ask, REMOTE_STATUS_DEADLINE_MS));
            if (own != null && targets.contains(own)) {
                b.putStatuses(own, ProtocolService.status(local.get()));
            }
            obs.onNext(b.build());
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    /**
     * Writes a consistent copy of the beacon's chain store to {@code output_file} (an absolute
     * path on the daemon's machine) as a SQLite file the SQLite store reopens; never overwrites.
     */
    @Override
    public void backupDatabase(BackupDBRequest req, StreamObserver<BackupDBResponse> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            String file = req.getOutputFile();
            if (file.isBlank()) {
                throw Status.INVALID_ARGUMENT.withDescription("backup: empty output file").asException();
            }
            java.nio.file.Path out = java.nio.file.Path.of(file);
            if (!out.isAbsolute()) {
                throw Status.INVALID_ARGUMENT.withDescription("backup: output file " + file
                        + " is relative (expected an absolute path on the daemon's machine)").asException();
            }
            if (java.nio.file.Files.exists(out)) {
                throw Status.ALREADY_EXISTS.withDescription("backup: " + out + " exists (refusing to overwrite)")
                        .asException();
            }
            org.jdrand.node.store.ChainBackup.write(p.store(), p.info(), out);
            obs.onNext(BackupDBResponse.newBuilder().setMetadata(ProtoMapper.metadata(p.id(), p.chainHash())).build());
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    /** Loads a beacon process from its files on disk into the running daemon (drand load --id). */
    @Override
    public void loadBeacon(LoadBeaconRequest req, StreamObserver<LoadBeaconResponse> obs) {
        String id = org.jdrand.crypto.chain.ChainInfo.normaliseBeaconId(req.getMetadata().getBeaconID());
        try {
            loading.load(id);
            obs.onNext(LoadBeaconResponse.newBuilder().setMetadata(ProtoMapper.metadata(id)).build());
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }
}
