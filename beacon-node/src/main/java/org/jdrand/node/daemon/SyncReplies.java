package org.jdrand.node.daemon;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.sync.OperatorSyncException;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncStream;

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

    /** Progress on the chain {@code id}/{@code chainHash}. */
    static void send(OperatorSyncStream obs, long current, long target, String id, byte[] chainHash) {
        obs.progress(new OperatorSyncProgress(id, chainHash, current, target));
    }

    static void fail(OperatorSyncStream obs, OperatorSyncException e) {
        obs.failed(e);
    }

    static OperatorSyncException error(OperatorSyncException.Reason reason, String message) {
        return new OperatorSyncException(reason, message);
    }
}
