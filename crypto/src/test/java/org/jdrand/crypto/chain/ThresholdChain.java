package org.jdrand.crypto.chain;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;

/**
 * A real chain made as a drand group makes it, with a trusted dealer in place of the DKG: n shares
 * of a random degree t−1 polynomial; each round t of them (a different subset each round) sign the
 * round digest and the partials are Lagrange-recovered into the group signature. More rounds can
 * be signed later ({@link #extend}), and an unchained round far ahead on demand ({@link #sign}).
 * The test fixture every module shares through crypto's test-jar.
 */
public final class ThresholdChain {
    private static final BlsBackend BACKEND = BlsBackends.blst();

    private final ChainInfo info;
    private final PriPoly poly;
    private final PubPoly pub;
    private final ThresholdBls tbls;
    private final int n;
    private final int t;
    private final List<Beacon> beacons = new ArrayList<>();

    private ThresholdChain(Scheme scheme, String beaconId, int period, long genesis, int n, int t,
            SecureRandom rnd) {
        this.poly = PriPoly.random(t, rnd, scheme.groupOrder());
        this.pub = poly.commit(BlsBackends.forScheme(BACKEND, scheme), scheme.keyGroup());
        this.tbls = new ThresholdBls(BACKEND, scheme);
        this.n = n;
        this.t = t;
        byte[] seed = new byte[32];
        rnd.nextBytes(seed);
        this.info = new ChainInfo(pub.commit().toBytes(), beaconId, period, scheme, genesis, seed);
    }

    /** 5 nodes, threshold 3. */
    public static ThresholdChain create(Scheme scheme, String beaconId, int period, long genesis, int rounds) {
        return create(scheme, beaconId, period, genesis, rounds, 5, 3, new SecureRandom());
    }

    public static ThresholdChain create(Scheme scheme, String beaconId, int period, long genesis, int rounds, int n,
            int t, SecureRandom rnd) {
        ThresholdChain c = new ThresholdChain(scheme, beaconId, period, genesis, n, t, rnd);
        c.extend(rounds);
        return c;
    }

    /** Signs {@code rounds} more rounds; returns the new ones. */
    public synchronized List<Beacon> extend(int rounds) {
        Scheme scheme = info.scheme();
        List<Beacon> added = new ArrayList<>();
        for (int k = 0; k < rounds; k++) {
            long round = beacons.size() + 1;
            byte[] prev = beacons.isEmpty() ? info.genesisSeed() : beacons.get(beacons.size() - 1).signature();
            Beacon b = new Beacon(round, recover(round, scheme.digest(scheme.chained() ? prev : null, round)),
                    scheme.chained() ? prev : null);
            beacons.add(b);
            added.add(b);
        }
        return added;
    }

    /**
     * The beacon of any round of an unchained chain, signed on demand (a round far ahead, for a
     * timelock test), without adding it to {@link #beacons()}.
     */
    public Beacon sign(long round) {
        if (info.scheme().chained()) {
            throw new IllegalStateException("sign: scheme " + info.scheme().id()
                    + " is chained (expected an unchained scheme: use extend)");
        }
        return new Beacon(round, recover(round, info.scheme().digest(null, round)), null);
    }

    /** t partials of a round-dependent subset of the n shares, recovered. */
    private byte[] recover(long round, byte[] msg) {
        List<byte[]> partials = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            partials.add(tbls.signPartial(poly.share((int) ((round + k) % n)), msg));
        }
        return tbls.recover(pub, msg, partials, t);
    }

    public ChainInfo info() {
        return info;
    }

    public synchronized List<Beacon> beacons() {
        return List.copyOf(beacons);
    }

    public synchronized Beacon beacon(long round) {
        return beacons.get((int) round - 1);
    }

    public synchronized int size() {
        return beacons.size();
    }

    public PriPoly poly() {
        return poly;
    }

    public int n() {
        return n;
    }

    /** The time of the last round. */
    public synchronized long latestTime() {
        return info.timeOfRound(beacons.size());
    }

    /** The chain with {@code round}'s signature replaced by another round's (a valid point, wrong message). */
    public synchronized List<Beacon> tampered(long round) {
        List<Beacon> copy = new ArrayList<>(beacons);
        Beacon b = copy.get((int) round - 1);
        Beacon other = copy.get((int) round % copy.size());
        copy.set((int) round - 1, new Beacon(round, other.signature(), b.previousSignature()));
        return copy;
    }
}
