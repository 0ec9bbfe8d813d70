package org.jdrand.node.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Executor;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ListBeaconIDsRequest;
import org.jdrand.proto.drand.ListBeaconIDsResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;

/** drand.Public (internal/core/drand_beacon_public.go) over the beacon processes of a daemon. */
public final class PublicService extends PublicGrpc.PublicImplBase {
    private final BeaconRouter router;
    private final Executor streams;

    public PublicService(BeaconRouter router, Executor streams) {
        this.router = router;
        this.streams = streams;
    }

    private static Metadata replyMetadata(BeaconProcess p) {
        return ProtoMapper.metadata(p.id(), p.chainHash());
    }

    /** Round 0 = latest; a stored round; last + 1 waits up to period + 1 s; anything later is not found. */
    @Override
    public void publicRand(PublicRandRequest req, StreamObserver<PublicRandResponse> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            RoundEngine engine = p.engine();
            long round = req.getRound();
            Beacon last = engine.lastBeacon();
            if (round == 0 || round == last.round()) {
                if (last.round() == 0) {
                    throw Status.NOT_FOUND.withDescription("public rand: no beacon stored yet").asException();
                }
                reply(obs, last, p);
            } else if (round < last.round()) {
                Beacon b = p.store().get(round).orElseThrow(() ->
                        Status.NOT_FOUND.withDescription("public rand: round " + round + " not stored").asException());
                reply(obs, b, p);
            } else if (round == last.round() + 1) {
                Duration wait = Duration.ofSeconds(p.info().periodSeconds() + 1L);
                engine.awaitRound(round, wait).whenComplete((b, e) -> {
                    if (e != null) {
                        GrpcErrors.fail(obs, e);
                    } else {
                        reply(obs, b, p);
                    }
                });
            } else {
                throw Status.NOT_FOUND.withDescription("public rand: round " + round + " is in the future (last "
                        + last.round() + ")").asException();
            }
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    private static void reply(StreamObserver<PublicRandResponse> obs, Beacon b, BeaconProcess p) {
        obs.onNext(ProtoMapper.toPublicRand(b, replyMetadata(p)));
        obs.onCompleted();
    }

    /** Round 0 = new beacons only; otherwise from that round, then following the chain. */
    @Override
    public void publicRandStream(PublicRandRequest req, StreamObserver<PublicRandResponse> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            long from = req.getRound() == 0 ? p.engine().lastRound() + 1 : req.getRound();
            Metadata md = replyMetadata(p);
            ChainStreamer.stream(p.engine(), from, obs, b -> ProtoMapper.toPublicRand(b, md), streams);
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
        try {
            BeaconProcess p = router.resolve(req.getMetadata());
            obs.onNext(ProtoMapper.toChainInfo(p.info(), replyMetadata(p)));
            obs.onCompleted();
        } catch (Exception e) {
            GrpcErrors.fail(obs, e);
        }
    }

    @Override
    public void listBeaconIDs(ListBeaconIDsRequest req, StreamObserver<ListBeaconIDsResponse> obs) {
        ListBeaconIDsResponse.Builder b = ListBeaconIDsResponse.newBuilder();
        router.registry().beacons().stream()
                .sorted(Comparator.comparing(BeaconProcess::id))
                .forEach(p -> b.addIds(p.id()).addMetadatas(replyMetadata(p)));
        obs.onNext(b.build());
        obs.onCompleted();
    }
}
