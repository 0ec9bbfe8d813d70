package org.jdrand.node.sync;

import java.util.List;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * An operator's follow or check of a chain (drand's StartSyncRequest, node-protocol.md §6.3): the
 * nodes to sync from, the last round (0: follow forever, check up to the stored head) and the
 * chain hash the nodes must serve (empty: trust the nodes' chain).
 */
public record OperatorSyncRequest(String beaconId, byte[] chainHash, List<String> nodes, long upTo) {
    public OperatorSyncRequest {
        beaconId = ChainInfo.normaliseBeaconId(beaconId);
        chainHash = chainHash == null ? new byte[0] : chainHash.clone();
        nodes = List.copyOf(nodes);
    }

    @Override
    public byte[] chainHash() {
        return chainHash.clone();
    }

    public boolean hasChainHash() {
        return chainHash.length > 0;
    }
}
