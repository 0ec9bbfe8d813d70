package org.jdrand.node.dkg;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.EmptyDKGResponse;
import org.jdrand.proto.dkg.GossipPacket;

/** dkg.DKGPublic on the private listener: gossip packets and echo-broadcast DKG bundles from peers. */
public final class DkgPublicService extends DKGPublicGrpc.DKGPublicImplBase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DkgPublicService.class);
    private final DkgProcess process;

    public DkgPublicService(DkgProcess process) {
        this.process = process;
    }

    @Override
    public void packet(GossipPacket req, StreamObserver<EmptyDKGResponse> obs) {
        try {
            process.packet(req);
            obs.onNext(EmptyDKGResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (DkgProcess.DkgException e) {
            // the claimed sender is the packet's own word: the reason says what did not hold
            LOG.warn("dkg packet refused kind={} claimed_sender={} reason={}", req.getPacketCase(),
                    req.getMetadata().getAddress(), e.getMessage());
            obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void broadcastDKG(DKGPacket req, StreamObserver<EmptyDKGResponse> obs) {
        try {
            process.broadcast(req);
            obs.onNext(EmptyDKGResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (DkgProcess.DkgException e) {
            LOG.warn("dkg packet refused kind={} reason={}", req.getDkg().getBundleCase(), e.getMessage());
            obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        }
    }
}
