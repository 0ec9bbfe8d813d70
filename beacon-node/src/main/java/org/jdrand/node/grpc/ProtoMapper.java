package org.jdrand.node.grpc;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.Identity;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.Node;
import org.jdrand.proto.drand.NodeVersion;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.PublicRandResponse;
import org.jdrand.proto.drand.StartSyncRequest;
import org.jdrand.proto.drand.SyncProgress;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncRequest;

/**
 * Protobuf ↔ domain values. Protobuf types stop here: everything behind the gRPC adapter sees
 * {@link Beacon}, {@link ChainInfo} and {@link Group}. Decoders validate and throw
 * {@link IllegalArgumentException} with what was wrong.
 */
public final class ProtoMapper {
    /** The version we advertise: major 2, minor 1 passes drand's gate against 2.0.x–2.2.x. */
    public static final NodeVersion NODE_VERSION = NodeVersion.newBuilder().setMajor(2).setMinor(1).setPatch(0).build();

    private ProtoMapper() {}

    /** {@link #NODE_VERSION} as drand prints it: major.minor.patch. */
    public static String nodeVersion() {
        return NODE_VERSION.getMajor() + "." + NODE_VERSION.getMinor() + "." + NODE_VERSION.getPatch();
    }

    /** What partials carry: our version and the beacon ID. */
    public static Metadata metadata(String beaconId) {
        return Metadata.newBuilder().setNodeVersion(NODE_VERSION).setBeaconID(beaconId).build();
    }

    /** What public replies carry: version, beacon ID and the raw 32-byte chain hash. */
    public static Metadata metadata(String beaconId, byte[] chainHash) {
        return metadata(beaconId).toBuilder().setChainHash(ByteString.copyFrom(chainHash)).build();
    }

    /** What sync requests carry: the beacon ID only. */
    public static Metadata beaconIdOnly(String beaconId) {
        return Metadata.newBuilder().setBeaconID(beaconId).build();
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }

    public static PublicRandResponse toPublicRand(Beacon b, Metadata md) {
        return PublicRandResponse.newBuilder()
                .setRound(b.round())
                .setSignature(bytes(b.signature()))
                .setPreviousSignature(bytes(b.previousSignature()))
                .setRandomness(bytes(b.randomness()))
                .setMetadata(md)
                .build();
    }

    public static Beacon fromPublicRand(PublicRandResponse r) {
        return beacon(r.getRound(), r.getSignature(), r.getPreviousSignature());
    }

    public static BeaconPacket toBeaconPacket(Beacon b, Metadata md) {
        return BeaconPacket.newBuilder()
                .setPreviousSignature(bytes(b.previousSignature()))
                .setRound(b.round())
                .setSignature(bytes(b.signature()))
                .setMetadata(md)
                .build();
    }

    public static Beacon fromBeaconPacket(BeaconPacket p) {
        return beacon(p.getRound(), p.getSignature(), p.getPreviousSignature());
    }

    private static Beacon beacon(long round, ByteString sig, ByteString prev) {
        if (round < 0) {
            throw new IllegalArgumentException("beacon: round " + Long.toUnsignedString(round) + " out of range");
        }
        if (sig.isEmpty()) {
            throw new IllegalArgumentException("beacon: round " + round + ": empty signature");
        }
        return new Beacon(round, sig.toByteArray(), prev.isEmpty() ? null : prev.toByteArray());
    }

    public static PartialBeaconPacket toPartial(long round, byte[] prev, byte[] partial, Metadata md) {
        return PartialBeaconPacket.newBuilder()
                .setRound(round)
                .setPreviousSignature(bytes(prev))
                .setPartialSig(bytes(partial))
                .setMetadata(md)
                .build();
    }

    public static ChainInfoPacket toChainInfo(ChainInfo info, Metadata md) {
        return ChainInfoPacket.newBuilder()
                .setPublicKey(bytes(info.publicKey()))
                .setPeriod(info.periodSeconds())
                .setGenesisTime(info.genesisTime())
                .setHash(bytes(info.hash()))
                .setGroupHash(bytes(info.genesisSeed()))
                .setSchemeID(info.scheme().id())
                .setMetadata(md)
                .build();
    }

    /**
     * Decodes a chain info packet and checks that its hash field matches the recomputed chain
     * hash (drand's clients do the same).
     */
    public static ChainInfo fromChainInfo(ChainInfoPacket p) {
        ChainInfo info = new ChainInfo(p.getPublicKey().toByteArray(), p.getMetadata().getBeaconID(), p.getPeriod(),
                Scheme.byId(p.getSchemeID()), p.getGenesisTime(), p.getGroupHash().toByteArray());
        if (!p.getHash().isEmpty() && !java.util.Arrays.equals(info.hash(), p.getHash().toByteArray())) {
            throw new IllegalArgumentException("chain info: hash " + org.jdrand.crypto.Hex.shortHex(p.getHash().toByteArray())
                    + " does not match its content (" + info.hashHex().substring(0, 8) + ")");
        }
        return info;
    }

    public static GroupPacket toGroup(Group g, Metadata md) {
        GroupPacket.Builder b = GroupPacket.newBuilder()
                .setThreshold(g.threshold())
                .setPeriod((int) g.period().getSeconds())
                .setGenesisTime(g.genesisTime())
                .setTransitionTime(g.transitionTime())
                .setGenesisSeed(bytes(g.genesisSeed()))
                .setCatchupPeriod((int) g.catchupPeriod().getSeconds())
                .setSchemeID(g.scheme().id())
                .setMetadata(md);
        for (Group.Member m : g.nodes()) {
            b.addNodes(Node.newBuilder().setIndex(m.index()).setPublic(Identity.newBuilder()
                    .setAddress(m.address()).setKey(bytes(m.identity().key().toBytes()))
                    .setSignature(bytes(m.identity().signature()))));
        }
        for (Point c : g.publicCoefficients()) {
            b.addDistKey(bytes(c.toBytes()));
        }
        return b.build();
    }

    /** Decodes and validates a group packet; keys and coefficients are decoded with {@code backend}. */
    public static Group fromGroup(GroupPacket p, BlsBackend backend) {
        Scheme scheme = Scheme.byId(p.getSchemeID());
        BlsBackend keys = BlsBackends.forScheme(backend, scheme);
        List<Group.Member> members = p.getNodesList().stream()
                .map(n -> new Group.Member(n.getIndex(), new NodeIdentity(n.getPublic().getAddress(),
                        keys.decode(scheme.keyGroup(), n.getPublic().getKey().toByteArray()),
                        n.getPublic().getSignature().toByteArray(), scheme)))
                .toList();
        List<Point> commits = p.getDistKeyList().stream()
                .map(c -> keys.decode(scheme.keyGroup(), c.toByteArray())).toList();
        return new Group(members, p.getThreshold(), Duration.ofSeconds(Integer.toUnsignedLong(p.getPeriod())),
                Duration.ofSeconds(Integer.toUnsignedLong(p.getCatchupPeriod())), p.getGenesisTime(),
                p.getTransitionTime(), p.getGenesisSeed().toByteArray(), scheme, p.getMetadata().getBeaconID(), commits);
    }

    /** GetIdentity's answer from a key pair alone (no group yet): the metadata names the beacon ID only. */
    public static IdentityResponse toIdentity(NodeIdentity id, String beaconId) {
        return IdentityResponse.newBuilder().setAddress(id.address())
                .setKey(bytes(id.key().toBytes()))
                .setSignature(bytes(id.signature()))
                .setSchemeName(id.scheme().id())
                .setMetadata(Metadata.newBuilder().setBeaconID(beaconId)).build();
    }

    public static OperatorSyncRequest fromSyncRequest(StartSyncRequest r) {
        return new OperatorSyncRequest(r.getMetadata().getBeaconID(), r.getMetadata().getChainHash().toByteArray(),
                r.getNodesList(), r.getUpTo());
    }

    public static StartSyncRequest toSyncRequest(OperatorSyncRequest r) {
        Metadata.Builder md = Metadata.newBuilder().setBeaconID(r.beaconId());
        if (r.hasChainHash()) {
            md.setChainHash(bytes(r.chainHash()));
        }
        return StartSyncRequest.newBuilder().addAllNodes(r.nodes()).setUpTo(r.upTo()).setMetadata(md).build();
    }

    public static SyncProgress toSyncProgress(OperatorSyncProgress p) {
        return SyncProgress.newBuilder().setCurrent(p.current()).setTarget(p.target())
                .setMetadata(metadata(p.beaconId(), p.chainHash())).build();
    }

    public static OperatorSyncProgress fromSyncProgress(SyncProgress p) {
        return new OperatorSyncProgress(p.getMetadata().getBeaconID(), p.getMetadata().getChainHash().toByteArray(),
                p.getCurrent(), p.getTarget());
    }
}
