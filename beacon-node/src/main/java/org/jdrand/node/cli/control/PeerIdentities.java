package org.jdrand.node.cli.control;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.jdrand.node.tls.TlsConfig;
import org.jdrand.proto.drand.IdentityRequest;
import org.jdrand.proto.drand.ProtocolGrpc;

/** Other nodes' identities over their private listener (drand.Protocol/GetIdentity), one call each. */
public final class PeerIdentities {
    private PeerIdentities() {}

    /**
     * The identity {@code address} announces for {@code beaconId} (10 s deadline), not checked.
     *
     * @throws ControlException when the node does not answer; its {@link ControlException#status()}
     *         is the code and the node's description
     */
    public static PublicIdentity fetch(TlsConfig dial, String address, String beaconId) {
        ManagedChannel ch = Grpc.newChannelBuilder(address, dial.channelCredentials()).build();
        try {
            return ControlMapper.identity(ProtocolGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getIdentity(IdentityRequest.newBuilder().setMetadata(ControlMapper.metadata(beaconId)).build()));
        } catch (StatusRuntimeException e) {
            String status = e.getStatus().getCode() + " " + e.getStatus().getDescription();
            throw new ControlException(ControlClient.reason(e.getStatus().getCode()), "cannot get the identity of "
                    + address + ": " + status, e.getStatus().getDescription(), status);
        } finally {
            ch.shutdownNow();
        }
    }
}
