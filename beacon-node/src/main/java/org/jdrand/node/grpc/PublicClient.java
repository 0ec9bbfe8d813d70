package org.jdrand.node.grpc;

import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;

/**
 * One-shot calls to other nodes' drand.Public, answered in domain values. Failures surface as
 * gRPC's {@link io.grpc.StatusRuntimeException}, malformed answers as
 * {@link IllegalArgumentException}.
 */
public final class PublicClient {
    private final Function<String, ? extends Channel> dial;
    private final boolean advertiseVersion;

    private PublicClient(Function<String, ? extends Channel> dial, boolean advertiseVersion) {
        this.dial = dial;
        this.advertiseVersion = advertiseVersion;
    }

    /** Requests carry our node version (peers' version gates check it). */
    public static PublicClient of(Function<String, ? extends Channel> dial) {
        return new PublicClient(dial, true);
    }

    /** Requests name the beacon ID only, as a plain client does (version gates let them pass). */
    public static PublicClient anonymous(Function<String, ? extends Channel> dial) {
        return new PublicClient(dial, false);
    }

    private Metadata metadata(String beaconId) {
        return advertiseVersion ? ProtoMapper.metadata(beaconId) : ProtoMapper.beaconIdOnly(beaconId);
    }

    private PublicGrpc.PublicBlockingStub stub(String node, Duration deadline) {
        return PublicGrpc.newBlockingStub(dial.apply(node)).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code node}'s chain info for {@code beaconId}, its hash checked against its content. */
    public ChainInfo chainInfo(String node, String beaconId, Duration deadline) {
        return ProtoMapper.fromChainInfo(stub(node, deadline)
                .chainInfo(ChainInfoRequest.newBuilder().setMetadata(metadata(beaconId)).build()));
    }

    /** {@code node}'s beacon {@code round} (0: its latest), not verified. */
    public Beacon beacon(String node, String beaconId, long round, Duration deadline) {
        return ProtoMapper.fromPublicRand(stub(node, deadline)
                .publicRand(PublicRandRequest.newBuilder().setRound(round).setMetadata(metadata(beaconId)).build()));
    }
}
