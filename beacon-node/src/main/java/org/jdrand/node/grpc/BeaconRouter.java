package org.jdrand.node.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import java.util.Arrays;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.beacon.BeaconRegistry;
import org.jdrand.proto.drand.Metadata;

/**
 * Routes a request to a beacon process by its metadata (drand readBeaconID): a known chain hash
 * wins over the beacon ID, and a contradicting beacon ID is an error; otherwise the beacon ID
 * is used, "" meaning "default".
 */
public final class BeaconRouter {
    private final BeaconRegistry registry;

    public BeaconRouter(BeaconRegistry registry) {
        this.registry = registry;
    }

    public BeaconRegistry registry() {
        return registry;
    }

    public BeaconProcess resolve(Metadata md) throws StatusException {
        String id = ChainInfo.normaliseBeaconId(md == null ? "" : md.getBeaconID());
        if (md != null && !md.getChainHash().isEmpty()) {
            byte[] hash = md.getChainHash().toByteArray();
            Optional<BeaconProcess> byHash = registry.beacons().stream()
                    .filter(p -> Arrays.equals(p.chainHash(), hash))
                    .findFirst();
            if (byHash.isPresent()) {
                BeaconProcess p = byHash.get();
                if (!md.getBeaconID().isEmpty() && !p.id().equals(id)) {
                    throw Status.INVALID_ARGUMENT.withDescription("metadata: beacon ID " + md.getBeaconID()
                            + " contradicts chain hash " + Hex.shortHex(hash) + " (" + p.id() + ")").asException();
                }
                return p;
            }
            // every process here has finished its DKG: an unknown chain hash is not ours
            throw Status.NOT_FOUND.withDescription("metadata: unknown chain hash " + Hex.shortHex(hash)).asException();
        }
        return registry.byId(id).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("metadata: unknown beacon ID " + id).asException());
    }
}
