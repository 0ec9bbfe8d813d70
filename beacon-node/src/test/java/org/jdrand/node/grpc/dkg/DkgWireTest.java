package org.jdrand.node.grpc.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.dkg.DealBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgSession;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.node.dkg.DkgCommand;
import org.jdrand.node.dkg.GossipMessage;
import org.jdrand.proto.dkg.CommandMetadata;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.Packet;
import org.junit.jupiter.api.Test;

/** The DKG wire types to and from the ceremony's values, and the copy key of echoed bundles. */
class DkgWireTest {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final Participant A = new Participant("a:1", Hex.decode("aa"), Hex.decode("01"));
    private static final Participant B = new Participant("b:2", Hex.decode("bb"), Hex.decode("02"));

    /** Dealer 0's deal, twice from two sessions of the same key (two different deals). */
    private static DealBundle[] twoDeals() {
        SecureRandom random = new SecureRandom();
        List<Scalar> secrets = new ArrayList<>();
        List<Point> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Scalar x = Scalar.random(random);
            secrets.add(x);
            keys.add(BACKEND.generator(SCHEME.keyGroup()).multiply(x));
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        Scalar first = secrets.get(keys.indexOf(nodes.get(0).publicKey()));
        DealBundle[] out = new DealBundle[2];
        for (int i = 0; i < 2; i++) {
            out[i] = (DealBundle) DkgSession.create(DkgConfig.fresh(SCHEME, BACKEND, first, nodes, 2,
                    DkgConfig.sessionId(1)), random).start().get(0);
        }
        return out;
    }

    @Test
    void aRelayedCopyHasTheSameCopyKeyAndADifferentDealOfTheSameDealerDoesNot() {
        DealBundle[] deals = twoDeals();
        Packet first = DkgWire.toProto(deals[0], "default").getDkg();
        Packet copy = Packet.newBuilder(first).setMetadata(first.getMetadata().toBuilder().setNodeVersion(
                org.jdrand.proto.drand.NodeVersion.newBuilder().setMajor(9))).build(); // a relay's own metadata
        Packet other = DkgWire.toProto(deals[1], "default").getDkg();
        assertThat(DkgWire.copyKey("default", copy)).isEqualTo(DkgWire.copyKey("default", first));
        assertThat(other.getDeal().getDealerIndex()).isEqualTo(first.getDeal().getDealerIndex());
        assertThat(DkgWire.copyKey("default", other)).isNotEqualTo(DkgWire.copyKey("default", first));
        assertThat(DkgWire.copyKey("other-beacon", first)).isNotEqualTo(DkgWire.copyKey("default", first));
    }

    @Test
    void aBundleRoundTripsThroughItsPacket() {
        DealBundle deal = twoDeals()[0];
        DealBundle back = (DealBundle) DkgWire.bundle(DkgWire.toProto(deal, "default").getDkg());
        assertThat(back.dealerIndex()).isEqualTo(deal.dealerIndex());
        assertThat(back.signature()).isEqualTo(deal.signature());
        assertThat(back.deals()).hasSameSizeAs(deal.deals());
        assertThatThrownBy(() -> DkgWire.bundle(Packet.getDefaultInstance())).hasMessageContaining("no bundle");
    }

    @Test
    void everyGossipPayloadRoundTrips() {
        ProposalTerms terms = new ProposalTerms("default", 2, A, 2, Instant.ofEpochSecond(1800000000, 7), 1, 3,
                SCHEME.id(), Instant.ofEpochSecond(1700000000), new byte[32], List.of(B), List.of(A), List.of());
        List<GossipPayload> parts = List.of(new GossipPayload.Proposal(terms), new GossipPayload.Accept(B),
                new GossipPayload.Reject(B), new GossipPayload.Execute(Instant.ofEpochSecond(5, 9)),
                new GossipPayload.Abort("why"));
        for (GossipPayload part : parts) {
            GossipMessage m = new GossipMessage("default", "b:2", new byte[] {1, 2}, part,
                    part instanceof GossipPayload.Reject ? "no" : "");
            GossipMessage back = DkgWire.gossip(DkgWire.toProto(m));
            assertThat(back.payload()).as(part.toString()).isEqualTo(part);
            assertThat(back.sender()).isEqualTo("b:2");
            assertThat(back.signature()).isEqualTo(new byte[] {1, 2});
            assertThat(back.reason()).isEqualTo(m.reason());
        }
    }

    @Test
    void aCommandWithoutAKindIsRefusedAndAJoinCarriesItsGroupFile() {
        assertThatThrownBy(() -> DkgWire.command(DKGCommand.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none given");
        DkgCommand join = DkgWire.command(DKGCommand.newBuilder()
                .setMetadata(CommandMetadata.newBuilder().setBeaconID("default"))
                .setJoin(JoinOptions.newBuilder().setGroupFile(ByteString.copyFromUtf8("Threshold = 2"))).build());
        assertThat(join).isEqualTo(new DkgCommand.Join("default", "Threshold = 2"));
    }
}
