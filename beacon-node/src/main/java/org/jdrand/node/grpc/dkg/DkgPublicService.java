package org.jdrand.node.grpc.dkg;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.EmptyDKGResponse;
import org.jdrand.proto.dkg.GossipPacket;

/**
 * dkg.DKGPublic on the private listener: gossip packets and echo-broadcast DKG bundles from
 * peers, decoded into the ceremony's values. A bundle is decoded only when the process has not
 * seen its bytes before (most arrivals are echoes of one already here).
 */
public final class DkgPublicService extends DKGPublicGrpc.DKGPublicImplBase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DkgPublicService.class);
    private final DkgProcess process;

    public DkgPublicService(DkgProcess process) {
        this.process = process;
    }

    @Override
    public void packet(GossipPacket req, StreamObserver<EmptyDKGResponse> obs) {
        try {
            if (req.getPacketCase() == GossipPacket.PacketCase.DKG) {
                bundle(req.getDkg());
            } else {
                process.packet(DkgWire.gossip(req));
            }
            obs.onNext(EmptyDKGResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (DkgProcess.DkgException | IllegalArgumentException e) {
            // the claimed sender is the packet's own word: the reason says what did not hold
            LOG.warn("dkg packet refused kind={} claimed_sender={} reason={}", req.getPacketCase(),
                    req.getMetadata().getAddress(), e.getMessage());
            obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void broadcastDKG(DKGPacket req, StreamObserver<EmptyDKGResponse> obs) {
        try {
            bundle(req);
            obs.onNext(EmptyDKGResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (DkgProcess.DkgException e) {
            LOG.warn("dkg packet refused kind={} reason={}", req.getDkg().getBundleCase(), e.getMessage());
            obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        }
    }

    private void bundle(DKGPacket req) throws DkgProcess.DkgException {
        String id = req.getDkg().getMetadata().getBeaconID();
        process.broadcast(id, DkgWire.copyKey(org.jdrand.crypto.chain.ChainInfo.normaliseBeaconId(id), req.getDkg()),
                () -> DkgWire.bundle(req.getDkg()));
    }
}
