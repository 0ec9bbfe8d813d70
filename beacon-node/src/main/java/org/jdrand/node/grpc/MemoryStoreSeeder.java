package org.jdrand.node.grpc;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.engine.BeaconCrypto;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.sync.PeerFetch;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds an empty memdb store from peers before its beacon starts in catch-up mode: the ring
 * cannot hold the chain from round 1, and peers running memdb themselves no longer have it, so
 * the store starts at the oldest round the ring can keep (head − capacity + 2, leaving room for
 * the next round) and the normal sync fetches the rest. drand's memdb likewise serves only
 * recent rounds; a store that fits the whole chain syncs from round 1 as before.
 */
public final class MemoryStoreSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStoreSeeder.class);
    private static final long DEADLINE_MS = 3_000;
    private static final int MAX_PEERS = 3;

    private MemoryStoreSeeder() {}

    /**
     * @param peers the other members' addresses, at most {@value #MAX_PEERS} tried, in random order
     * @return the seeded round, or 0 when the store was left to sync from round 1
     */
    public static long seed(MemoryChainStore store, String beaconId, List<String> peers, PeerChannels channels,
            BeaconCrypto crypto, Random random) {
        // bounded: the beacon waits for this, and with peers down every try costs a deadline
        List<String> order = PeerFetch.shuffled(peers, random);
        try {
            PeerFetch.Outcome<Long> seeded = PeerFetch.first(order.subList(0, Math.min(MAX_PEERS, order.size())),
                    peer -> seedFrom(store, beaconId, peer, channels, crypto),
                    (peer, e) -> LOG.warn("memdb seed failed id={} peer={} error={}", beaconId, peer, e.getMessage()));
            if (seeded.answer().isPresent()) {
                return seeded.answer().get();
            }
        } catch (InterruptedException e) {
            LOG.warn("memdb seeding interrupted id={}: sync starts at round 1", beaconId);
            return 0;
        }
        LOG.warn("memdb not seeded id={}: no peer answered, sync starts at round 1", beaconId);
        return 0;
    }

    /** Seeds from one peer: its round head - capacity + 2, verified; 0 when the whole chain fits. */
    private static long seedFrom(MemoryChainStore store, String beaconId, String peer, PeerChannels channels,
            BeaconCrypto crypto) throws Exception {
        PublicGrpc.PublicBlockingStub stub = PublicGrpc.newBlockingStub(channels.channel(peer));
        long head = stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).publicRand(request(beaconId, 0))
                .getRound();
        long from = head - store.capacity() + 2;
        if (from <= 1) {
            LOG.info("memdb fits the chain id={} head={} capacity={}: sync from round 1", beaconId, head,
                    store.capacity());
            return 0L;
        }
        Beacon b = ProtoMapper.fromPublicRand(stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .publicRand(request(beaconId, from)));
        if (b.round() != from || !crypto.isValid(b)) {
            throw new IllegalArgumentException("seed beacon round " + b.round() + " invalid (expected a valid round "
                    + from + ")");
        }
        store.seed(b);
        LOG.info("memdb seeded id={} round={} head={} peer={}", beaconId, from, head, peer);
        return from;
    }

    private static PublicRandRequest request(String beaconId, long round) {
        return PublicRandRequest.newBuilder().setRound(round).setMetadata(ProtoMapper.metadata(beaconId)).build();
    }
}
