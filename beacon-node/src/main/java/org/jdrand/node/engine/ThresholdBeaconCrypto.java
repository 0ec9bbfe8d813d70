package org.jdrand.node.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;

/** {@link BeaconCrypto} over jdrand-crypto's threshold BLS and beacon verifier. */
public final class ThresholdBeaconCrypto implements BeaconCrypto {
    private final Scheme scheme;
    private final ThresholdBls tbls;
    private final PubPoly pubPoly;
    private final BeaconVerifier verifier;
    private final PriShare share;
    private final int groupSize;

    /**
     * @param commits   public polynomial commitments (first = group key), encoded
     * @param groupSize number of share holders
     * @param share     this node's share, or null for a follower
     */
    public ThresholdBeaconCrypto(BlsBackend backend, Scheme scheme, List<byte[]> commits, int groupSize, PriShare share) {
        this.scheme = Objects.requireNonNull(scheme);
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
        return tbls.signPartial(share, message);
    }

    @Override
    public boolean verifyPartial(byte[] message, byte[] partial) {
        try {
            return tbls.verifyPartial(pubPoly, message, partial);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public byte[] recover(byte[] message, List<byte[]> partials) {
        return tbls.recover(pubPoly, message, partials, threshold());
    }

    @Override
    public boolean isValid(Beacon beacon) {
        return verifier.isValid(beacon);
    }

    @Override
    public List<Long> invalidRounds(List<Beacon> beacons) {
        return verifier.invalidRounds(beacons);
    }
}
