package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.grpc.Status;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.sync.OperatorSyncException;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncRequest;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.StartSyncRequest;
import org.jdrand.proto.drand.SyncProgress;
import org.junit.jupiter.api.Test;

/** The domain values of operator sync and GetIdentity's fallback, as they cross the wire. */
class OperatorSyncMappingTest {

    @Test
    void aSyncRequestCrossesTheWireIntact() {
        byte[] hash = Hex.decode("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971");
        OperatorSyncRequest r = new OperatorSyncRequest("quicknet", hash, List.of("a:1", "b:2"), 1000);
        StartSyncRequest wire = ProtoMapper.toSyncRequest(r);
        assertThat(wire.getMetadata().getChainHash().toByteArray()).isEqualTo(hash);
        OperatorSyncRequest back = ProtoMapper.fromSyncRequest(wire);
        assertThat(back.beaconId()).isEqualTo("quicknet");
        assertThat(back.chainHash()).isEqualTo(hash);
        assertThat(back.nodes()).containsExactly("a:1", "b:2");
        assertThat(back.upTo()).isEqualTo(1000);
    }

    @Test
    void aRequestWithoutChainHashOrBeaconIdMeansTheDefaultBeaconOnAnyChain() {
        OperatorSyncRequest back = ProtoMapper.fromSyncRequest(StartSyncRequest.newBuilder().addNodes("a:1").build());
        assertThat(back.beaconId()).isEqualTo("default");
        assertThat(back.hasChainHash()).isFalse();
        assertThat(ProtoMapper.toSyncRequest(back).getMetadata().getChainHash().isEmpty()).isTrue();
    }

    @Test
    void progressCarriesTheChainItIsAbout() {
        byte[] hash = new byte[32];
        hash[0] = 7;
        SyncProgress wire = ProtoMapper.toSyncProgress(new OperatorSyncProgress("default", hash, 5, 9));
        assertThat(wire.getCurrent()).isEqualTo(5);
        assertThat(wire.getTarget()).isEqualTo(9);
        assertThat(wire.getMetadata().getNodeVersion()).isEqualTo(ProtoMapper.NODE_VERSION);
        OperatorSyncProgress back = ProtoMapper.fromSyncProgress(wire);
        assertThat(back.chainHash()).isEqualTo(hash);
        assertThat(back.current()).isEqualTo(5);
        assertThat(back.target()).isEqualTo(9);
    }

    @Test
    void everyFailureReasonHasItsOwnStatusCode() {
        Map<OperatorSyncException.Reason, Status.Code> codes = new EnumMap<>(OperatorSyncException.Reason.class);
        for (OperatorSyncException.Reason r : OperatorSyncException.Reason.values()) {
            codes.put(r, OperatorSyncReplies.status(new OperatorSyncException(r, "x")).getCode());
        }
        assertThat(codes).containsEntry(OperatorSyncException.Reason.REFUSED, Status.Code.FAILED_PRECONDITION)
                .containsEntry(OperatorSyncException.Reason.DATA_LOSS, Status.Code.DATA_LOSS)
                .containsEntry(OperatorSyncException.Reason.UNKNOWN_BEACON, Status.Code.NOT_FOUND);
        assertThat(codes.values()).doesNotHaveDuplicates();
    }

    @Test
    void aKeyPairAloneAnswersGetIdentityWithTheBeaconIdOnly() {
        Bls bls = new Bls(BlsBackends.fromSystemProperty(s -> { }));
        NodeIdentity id = KeyPair.generate(bls, Scheme.BLS_UNCHAINED_G1_RFC9380, "127.0.0.1:4444",
                new java.security.SecureRandom()).identity();
        IdentityResponse r = ProtoMapper.toIdentity(id, "quicknet");
        assertThat(r.getAddress()).isEqualTo("127.0.0.1:4444");
        assertThat(r.getKey().toByteArray()).isEqualTo(id.key().toBytes());
        assertThat(r.getSignature().toByteArray()).isEqualTo(id.signature());
        assertThat(r.getSchemeName()).isEqualTo(Scheme.BLS_UNCHAINED_G1_RFC9380.id());
        assertThat(r.getMetadata().getBeaconID()).isEqualTo("quicknet");
        assertThat(r.getMetadata().hasNodeVersion()).isFalse();
        assertThat(r.getMetadata().getChainHash().isEmpty()).isTrue();
    }
}
