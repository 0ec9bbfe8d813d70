package org.jdrand.node.grpc;

import io.grpc.Context;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;

/**
 * Other nodes' drand.Public/PublicRandStream of one beacon ID, as a {@link BeaconStreamSource}
 * (a relay follows its upstreams with it). No flow control: the stream is live, one beacon a period.
 */
public final class PublicRandStreams implements BeaconStreamSource {
    private final PeerChannels channels;
    private final String beaconId;

    public PublicRandStreams(PeerChannels channels, String beaconId) {
        this.channels = channels;
        this.beaconId = beaconId;
    }

    @Override
    public Handle open(String peer, long fromRound, Sink sink) {
        Context.CancellableContext ctx = Context.current().withCancellation();
        PublicRandRequest req = PublicRandRequest.newBuilder().setRound(fromRound)
                .setMetadata(ProtoMapper.metadata(beaconId)).build();
        ctx.run(() -> PublicGrpc.newStub(channels.channel(peer)).publicRandStream(req,
                new BeaconSinkObserver<PublicRandResponse>(ProtoMapper::fromPublicRand, sink, ctx)));
        return () -> ctx.cancel(null);
    }
}
