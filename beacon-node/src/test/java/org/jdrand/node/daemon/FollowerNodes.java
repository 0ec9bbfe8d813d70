package org.jdrand.node.daemon;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.StartSyncRequest;
import org.jdrand.proto.drand.SyncProgress;

/** Follower daemons on a {@link TestNetwork}'s fake clock, and their control calls (operator sync tests). */
final class FollowerNodes implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final TestNetwork net;

    FollowerNodes(TestNetwork net) {
        this.net = net;
    }

    /** Sync peers in the order given (Collections.shuffle swaps nothing), so tests choose who is tried first. */
    static SecureRandom inOrder() {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        };
    }

    Daemon start(FollowerStores stores) throws IOException {
        Daemon d = Daemon.standalone(DaemonConfig.loopback(), net.clock, TestNetwork.BACKEND, inOrder(),
                stores == null ? Daemon.Services.none() : Daemon.Services.none().withFollowerStores(stores));
        d.start();
        opened.add(d);
        return d;
    }

    ControlGrpc.ControlBlockingStub control(Daemon d) {
        ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + d.controlPort(), InsecureChannelCredentials.create())
                .build();
        opened.add(0, () -> ch.shutdownNow().awaitTermination(2, TimeUnit.SECONDS));
        return ControlGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ManagedChannel channel(String address) {
        ManagedChannel ch = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
        opened.add(0, () -> ch.shutdownNow().awaitTermination(2, TimeUnit.SECONDS));
        return ch;
    }

    String node(int i) {
        return "127.0.0.1:" + net.ports[i];
    }

    StartSyncRequest request(long upTo, byte[] chainHash, String... nodes) {
        Metadata.Builder md = Metadata.newBuilder().setBeaconID(net.group.beaconId());
        if (chainHash != null) {
            md.setChainHash(ByteString.copyFrom(chainHash));
        }
        return StartSyncRequest.newBuilder().addAllNodes(List.of(nodes)).setUpTo(upTo).setMetadata(md).build();
    }

    static List<long[]> pairs(List<SyncProgress> progress) {
        return progress.stream().map(p -> new long[] {p.getCurrent(), p.getTarget()}).toList();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }
}
