package org.jdrand.node.cli.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdrand.proto.drand.Address;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PublicKeyResponse;
import org.jdrand.proto.drand.RemoteStatusRequest;
import org.jdrand.proto.drand.RemoteStatusResponse;
import org.jdrand.proto.drand.StatusResponse;

/** The CLI's mapping of drand's wire package (Control, Protocol) to its domain records. */
final class ControlMapper {
    private ControlMapper() {}

    /** What the CLI's requests carry: the beacon ID only. */
    static Metadata metadata(String beaconId) {
        return Metadata.newBuilder().setBeaconID(beaconId).build();
    }

    static NodeStatus status(StatusResponse s) {
        return new NodeStatus(s.getBeacon().getIsRunning(), s.getBeacon().getIsServing(), s.getEpoch(),
                s.getChainStore().getLastStored(), s.getChainStore().getExpectedLast(), s.getChainStore().getIsEmpty(),
                s.getConnectionsMap());
    }

    static RemoteStatusRequest remoteStatus(String beaconId, List<String> addresses) {
        RemoteStatusRequest.Builder req = RemoteStatusRequest.newBuilder().setMetadata(metadata(beaconId));
        addresses.forEach(a -> req.addAddresses(Address.newBuilder().setAddress(a)));
        return req.build();
    }

    /** Each address the daemon reported on: its status, empty when the node did not answer. */
    static Map<String, Optional<NodeStatus>> statuses(RemoteStatusResponse r) {
        Map<String, Optional<NodeStatus>> out = new LinkedHashMap<>();
        r.getStatusesMap().forEach((a, s) -> out.put(a, s.hasBeacon() ? Optional.of(status(s)) : Optional.empty()));
        return out;
    }

    static PublicIdentity identity(PublicKeyResponse p) {
        return new PublicIdentity(p.getAddr(), p.getPubKey().toByteArray(), p.getSignature().toByteArray(),
                p.getSchemeName());
    }

    static PublicIdentity identity(IdentityResponse r) {
        return new PublicIdentity(r.getAddress(), r.getKey().toByteArray(), r.getSignature().toByteArray(),
                r.getSchemeName());
    }
}
