package org.jdrand.node.cli.control;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.proto.drand.Address;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.Node;
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

    /** drand's group TOML (common/key/group.go GroupTOML) of a group packet. */
    static String groupToml(GroupPacket g) {
        StringBuilder b = new StringBuilder();
        b.append("Threshold = ").append(g.getThreshold()).append('\n');
        b.append("Period = \"").append(g.getPeriod()).append("s\"\n");
        b.append("CatchupPeriod = \"").append(g.getCatchupPeriod()).append("s\"\n");
        b.append("GenesisTime = ").append(g.getGenesisTime()).append('\n');
        if (g.getTransitionTime() != 0) {
            b.append("TransitionTime = ").append(g.getTransitionTime()).append('\n');
        }
        b.append("GenesisSeed = \"").append(hex(g.getGenesisSeed())).append("\"\n");
        b.append("SchemeID = \"").append(g.getSchemeID()).append("\"\n");
        b.append("ID = \"").append(g.getMetadata().getBeaconID()).append("\"\n");
        for (Node n : g.getNodesList()) {
            b.append("\n[[Nodes]]\n");
            b.append("Address = \"").append(n.getPublic().getAddress()).append("\"\n");
            b.append("Key = \"").append(hex(n.getPublic().getKey())).append("\"\n");
            b.append("Signature = \"").append(hex(n.getPublic().getSignature())).append("\"\n");
            b.append("SchemeName = \"").append(g.getSchemeID()).append("\"\n");
            b.append("Index = ").append(n.getIndex()).append('\n');
        }
        b.append("\n[PublicKey]\nCoefficients = [");
        for (int i = 0; i < g.getDistKeyCount(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(hex(g.getDistKey(i))).append('"');
        }
        b.append("]\n");
        return b.toString();
    }

    private static String hex(ByteString b) {
        return Hex.encode(b.toByteArray());
    }
}
