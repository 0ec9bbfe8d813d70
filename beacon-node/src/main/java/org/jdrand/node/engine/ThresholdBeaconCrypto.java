package org.jdrand.node.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.PreparedBeacon;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;

/**
 * {@link BeaconCrypto} over jdrand-crypto's threshold BLS and beacon verifier. Hashing the round
 * message to the curve is the largest part of signing and checking a partial, and every partial
 * of a round has the same message: H(message) is memoised for the last few messages.
 */
public final class ThresholdBeaconCrypto implements BeaconCrypto {
    /** Messages kept hashed: the engine's window of open rounds and their possible forks. */
    private static final int HASHED_MESSAGES = 16;

    private final Scheme scheme;
    private final ThresholdBls tbls;
    private final PubPoly pubPoly;
    private final BeaconVerifier verifier;
    private final PriShare share;
    private final int groupSize;
    private final Map<ByteBuffer, Point> hashed = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Point> eldest) {
            return size() > HASHED_MESSAGES;
        }
    };

    /**
     * @param commits   public polynomial commitments (first = group key), encoded
     * @param groupSize number of share holders
     * @param share     this node's share, or null for a follower
     */
    public ThresholdBeaconCrypto(BlsBackend configured, Scheme scheme, List<byte[]> commits, int groupSize, PriShare share) {
        this.scheme = Objects.requireNonNull(scheme);
        BlsBackend backend = org.jdrand.crypto.BlsBackends.forScheme(configured, scheme);
        this.tbls = new ThresholdBls(backend, scheme);
        List<Point> points = new ArrayList<>(commits.size());
        for (byte[] c : commits) {
            points.add(backend.decode(scheme.keyGroup(), c));
        }
        this.pubPoly = new PubPoly(points);
        this.verifier = new BeaconVerifier(backend, scheme, commits.get(0));
        this.share = share;
        this.groupSize = groupSize;
        if (share != null && !pubPoly.eval(share.index()).equals(
                backend.generator(scheme.keyGroup()).multiply(share.value()))) {
            throw new IllegalArgumentException("share: index " + share.index()
                    + " does not match the public polynomial of the group");
        }
    }

    @Override
    public Scheme scheme() {
        return scheme;
    }

    @Override
    public int threshold() {
        return pubPoly.threshold();
    }

    @Override
    public int groupSize() {
        return groupSize;
    }

    @Override
    public int ownIndex() {
        return share == null ? -1 : share.index();
    }

    @Override
    public byte[] signPartial(byte[] message) {
        if (share == null) {
            throw new IllegalStateException("sign partial: this node holds no share");
        }
        return tbls.signPartial(share, hashed(message));
    }

    @Override
    public boolean verifyPartial(byte[] message, byte[] partial) {
        try {
            return tbls.verifyPartial(pubPoly, hashed(message), partial);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public byte[] recover(byte[] message, List<byte[]> partials) {
        return tbls.recover(pubPoly, message, partials, threshold());
    }

    @Override
    public byte[] combine(byte[] message, List<byte[]> partials) {
        return tbls.combine(pubPoly, hashed(message), partials, threshold());
    }

    @Override
    public List<Integer> invalidPartials(byte[] message, List<byte[]> partials) {
        return tbls.invalidPartials(pubPoly, hashed(message), partials);
    }

    /** H(message), memoised; two threads may both hash a new message once, which is harmless. */
    private Point hashed(byte[] message) {
        ByteBuffer key = ByteBuffer.wrap(message.clone());
        synchronized (hashed) {
            Point h = hashed.get(key);
            if (h != null) {
                return h;
            }
        }
        Point h = tbls.hashMessage(message);
        synchronized (hashed) {
            hashed.put(key, h);
        }
        return h;
    }

    @Override
    public boolean isValid(Beacon beacon) {
        return verifier.isValid(beacon);
    }

    @Override
    public List<Long> invalidRounds(List<Beacon> beacons) {
        return verifier.invalidRounds(beacons);
    }

    @Override
    public PreparedBeacon prepare(Beacon beacon) {
        return verifier.prepare(beacon);
    }

    @Override
    public List<Long> invalidPreparedRounds(List<PreparedBeacon> prepared) {
        return verifier.invalidPreparedRounds(prepared);
    }
}
