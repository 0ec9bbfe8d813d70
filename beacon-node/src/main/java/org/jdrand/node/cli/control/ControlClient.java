package org.jdrand.node.cli.control;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.key.Group;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncRequest;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGControlGrpc;
import org.jdrand.proto.dkg.DKGStatusRequest;
import org.jdrand.proto.drand.BackupDBRequest;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.GroupRequest;
import org.jdrand.proto.drand.ListSchemesRequest;
import org.jdrand.proto.drand.LoadBeaconRequest;
import org.jdrand.proto.drand.Ping;
import org.jdrand.proto.drand.PublicKeyRequest;
import org.jdrand.proto.drand.ShutdownRequest;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.SyncProgress;

/**
 * The CLI's connection to a local daemon's control listener (127.0.0.1 only, as drand): drand.Control
 * and dkg.DKGControl calls in domain values. Every failure is a {@link ControlException} whose
 * message an operator can act on.
 */
public final class ControlClient implements AutoCloseable {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration DKG_COMMAND = Duration.ofSeconds(60);

    private final ManagedChannel channel;
    private final NioEventLoopGroup loop;
    private final String port;

    /** @param control the control port, or host:port of which only the port is used */
    public ControlClient(String control) {
        String c = control.trim();
        int colon = c.lastIndexOf(':');
        this.port = colon < 0 ? c : c.substring(colon + 1);
        // one short-lived CLI call: a single NIO event-loop thread and no executor hand-off, instead of
        // gRPC's default 2 x cores epoll loop (whose native library is extracted to /tmp at every run)
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory("jdrand-control", true));
        this.channel = NettyChannelBuilder.forTarget("127.0.0.1:" + port, InsecureChannelCredentials.create())
                .eventLoopGroup(loop).channelType(NioSocketChannel.class).directExecutor().build();
    }

    private ControlGrpc.ControlBlockingStub control(Duration deadline) {
        return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /** PingPong: the daemon answers. */
    public void ping() {
        call(() -> control(SHORT).pingPong(Ping.getDefaultInstance()));
    }

    /** The scheme IDs the daemon supports. */
    public List<String> listSchemes() {
        return call(() -> control(SHORT).listSchemes(ListSchemesRequest.getDefaultInstance()).getIdsList());
    }

    /** Stops the daemon ({@code beaconId} empty) or one beacon process. */
    public void shutdown(String beaconId) {
        call(() -> control(SHORT).shutdown(ShutdownRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build()));
    }

    /** Loads a beacon from the daemon's folder into the running daemon. */
    public void loadBeacon(String beaconId, Duration deadline) {
        call(() -> control(deadline).loadBeacon(LoadBeaconRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build()));
    }

    /** The beacon's status on this node, with the health of each group member. */
    public NodeStatus status(String beaconId, Duration deadline) {
        return call(() -> ControlMapper.status(control(deadline).status(StatusRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build())));
    }

    /**
     * Other nodes' status, fetched by the daemon: {@code addresses}, or every group member when
     * empty. A node that did not answer maps to an empty value.
     */
    public Map<String, Optional<NodeStatus>> remoteStatus(String beaconId, List<String> addresses) {
        return call(() -> ControlMapper.statuses(control(Duration.ofSeconds(30))
                .remoteStatus(ControlMapper.remoteStatus(beaconId, addresses))));
    }

    /** Has the daemon write a consistent copy of the beacon's chain store to {@code outputFile} (absolute). */
    public void backup(String beaconId, String outputFile) {
        call(() -> control(Duration.ofMinutes(30)).backupDatabase(BackupDBRequest.newBuilder()
                .setOutputFile(outputFile).setMetadata(ControlMapper.metadata(beaconId)).build()));
    }

    /** The running beacon's group, decoded and checked (its keys on the scheme's curves). */
    public Group group(String beaconId, BlsBackend backend) {
        return call(() -> ProtoMapper.fromGroup(control(SHORT).groupFile(GroupRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build()), backend));
    }

    /** The running beacon's chain info, its hash checked against its content. */
    public ChainInfo chainInfo(String beaconId) {
        return call(() -> ProtoMapper.fromChainInfo(control(SHORT).chainInfo(ChainInfoRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build())));
    }

    /** This node's public identity for the beacon. */
    public PublicIdentity publicKey(String beaconId) {
        return call(() -> ControlMapper.identity(control(SHORT).publicKey(PublicKeyRequest.newBuilder()
                .setMetadata(ControlMapper.metadata(beaconId)).build())));
    }

    /** StartFollowChain: blocks until the follow ends, handing each progress step to {@code progress}. */
    public void follow(OperatorSyncRequest request, Consumer<OperatorSyncProgress> progress) {
        stream(() -> ControlGrpc.newBlockingStub(channel).startFollowChain(ProtoMapper.toSyncRequest(request)),
                progress);
    }

    /** StartCheckChain: blocks until the check (and repair) ends, handing each progress step to {@code progress}. */
    public void check(OperatorSyncRequest request, Consumer<OperatorSyncProgress> progress) {
        stream(() -> ControlGrpc.newBlockingStub(channel).startCheckChain(ProtoMapper.toSyncRequest(request)),
                progress);
    }

    private void stream(Supplier<Iterator<SyncProgress>> rpc, Consumer<OperatorSyncProgress> progress) {
        try {
            Iterator<SyncProgress> it = rpc.get();
            while (it.hasNext()) {
                progress.accept(ProtoMapper.fromSyncProgress(it.next()));
            }
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    private void dkg(DKGCommand command) {
        call(() -> DKGControlGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DKG_COMMAND.toMillis(), TimeUnit.MILLISECONDS).command(command));
    }

    /** Leader: proposes the first DKG of {@code beaconId}. */
    public void dkgInit(String beaconId, FirstProposal proposal) {
        dkg(DkgControlMapper.init(beaconId, proposal));
    }

    /** Leader: proposes a new group for {@code beaconId}. */
    public void dkgReshare(String beaconId, ReshareProposal proposal) {
        dkg(DkgControlMapper.reshare(beaconId, proposal));
    }

    /** Joiner: takes part; {@code groupFile} (TOML bytes) is the current group for a reshare, else null. */
    public void dkgJoin(String beaconId, byte[] groupFile) {
        dkg(DkgControlMapper.join(beaconId, groupFile));
    }

    public void dkgAccept(String beaconId) {
        dkg(DkgControlMapper.accept(beaconId));
    }

    public void dkgReject(String beaconId) {
        dkg(DkgControlMapper.reject(beaconId));
    }

    public void dkgAbort(String beaconId) {
        dkg(DkgControlMapper.abort(beaconId));
    }

    public void dkgExecute(String beaconId) {
        dkg(DkgControlMapper.execute(beaconId));
    }

    /** The beacon's current and last finished ceremony. */
    public CeremonyStatus dkgStatus(String beaconId) {
        return call(() -> DkgControlMapper.status(DKGControlGrpc.newBlockingStub(channel)
                .withDeadlineAfter(SHORT.toMillis(), TimeUnit.MILLISECONDS)
                .dKGStatus(DKGStatusRequest.newBuilder().setBeaconID(beaconId).build())));
    }

    /** An RPC failure in words an operator can act on. */
    private ControlException failure(StatusRuntimeException e) {
        Status s = e.getStatus();
        String d = s.getDescription();
        String status = s.getCode() + " " + d;
        return switch (s.getCode()) {
            case UNAVAILABLE -> {
                Throwable cause = e.getCause();
                while (cause != null && cause.getCause() != null && !(cause instanceof java.net.ConnectException)) {
                    cause = cause.getCause();
                }
                String why = cause instanceof java.net.ConnectException ? ": it refused the connection" : "";
                yield new ControlException(ControlException.Reason.UNREACHABLE,
                        "cannot reach the daemon's control port 127.0.0.1:" + port + why
                                + " (is 'jdrand start' running with --control " + port + "?)", d, status);
            }
            case DEADLINE_EXCEEDED -> new ControlException(ControlException.Reason.TIMED_OUT,
                    "the daemon did not answer in time on control port " + port, d, status);
            default -> new ControlException(reason(s.getCode()), d == null ? s.getCode().toString() : d, d, status);
        };
    }

    static ControlException.Reason reason(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE -> ControlException.Reason.UNREACHABLE;
            case DEADLINE_EXCEEDED -> ControlException.Reason.TIMED_OUT;
            case NOT_FOUND -> ControlException.Reason.NOT_FOUND;
            case UNIMPLEMENTED -> ControlException.Reason.UNSUPPORTED;
            case FAILED_PRECONDITION -> ControlException.Reason.REFUSED;
            default -> ControlException.Reason.OTHER;
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS); // daemon threads: nothing to wait for
        }
    }
}
