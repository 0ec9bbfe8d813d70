package org.jdrand.node.daemon;

import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.SyncProgress;

/** What follow and check share: the node list an operator gave, and the progress stream's replies. */
final class SyncReplies {
    private SyncReplies() {}

    /** The nodes trimmed, blanks and repeats left out, in the order given. */
    static List<String> clean(List<String> nodes) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : nodes) {
            String t = n.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** The given nodes without {@code own} addresses and the beacon's own member address. */
    static List<String> others(List<String> nodes, BeaconProcess p, Set<String> own) {
        Set<String> mine = new HashSet<>(own);
        if (p != null) {
            p.self().ifPresent(m -> mine.add(m.address()));
        }
        return clean(nodes).stream().filter(n -> !mine.contains(n)).toList();
    }

    static void send(ServerCallStreamObserver<SyncProgress> obs, long current, long target, Metadata md) {
        if (!obs.isCancelled()) {
            obs.onNext(SyncProgress.newBuilder().setCurrent(current).setTarget(target).setMetadata(md).build());
        }
    }

    static void fail(ServerCallStreamObserver<SyncProgress> obs, StatusException e) {
        try {
            if (!obs.isCancelled()) {
                obs.onError(e);
            }
        } catch (RuntimeException ignored) {
            // the client is gone
        }
    }
}
