package org.jdrand.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.http.InMemoryBeaconSource;

/**
 * A real chain made as a drand group makes it, with a trusted dealer in place of the DKG: 5
 * shares of a random degree-2 polynomial; each round 3 of them sign and the partials are
 * Lagrange-recovered into the group signature. More rounds can be signed later ({@link #extend}).
 */
final class TestChain {
    static final int N = 5;
    static final int T = 3;
    private static final BlsBackend BACKEND = BlsBackends.blst();

    final ChainInfo info;
    private final PriPoly poly;
    private final PubPoly pub;
    private final ThresholdBls tbls;
    private final List<Beacon> beacons = new ArrayList<>();

    private TestChain(Scheme scheme, String beaconId, int period, long genesis) {
        SecureRandom rnd = new SecureRandom();
        poly = PriPoly.random(T, rnd, scheme.groupOrder());
        pub = poly.commit(org.jdrand.crypto.BlsBackends.forScheme(BACKEND, scheme), scheme.keyGroup());
        tbls = new ThresholdBls(BACKEND, scheme);
        byte[] seed = new byte[32];
        rnd.nextBytes(seed);
        info = new ChainInfo(pub.commit().toBytes(), beaconId, period, scheme, genesis, seed);
    }

    static TestChain create(Scheme scheme, String beaconId, int period, long genesis, int rounds) {
        TestChain c = new TestChain(scheme, beaconId, period, genesis);
        c.extend(rounds);
        return c;
    }

    /** Signs {@code rounds} more rounds; returns the new ones. */
    synchronized List<Beacon> extend(int rounds) {
        Scheme scheme = info.scheme();
        List<Beacon> added = new ArrayList<>();
        for (int k = 0; k < rounds; k++) {
            long round = beacons.size() + 1;
            byte[] prev = beacons.isEmpty() ? info.genesisSeed() : beacons.get(beacons.size() - 1).signature();
            byte[] msg = scheme.digest(scheme.chained() ? prev : null, round);
            List<byte[]> partials = new ArrayList<>();
            for (int i = 0; i < T; i++) { // a different subset of signers each round
                partials.add(tbls.signPartial(poly.share((int) ((round + i) % N)), msg));
            }
            Beacon b = new Beacon(round, tbls.recover(pub, msg, partials, T), scheme.chained() ? prev : null);
            beacons.add(b);
            added.add(b);
        }
        return added;
    }

    synchronized Beacon beacon(long round) {
        return beacons.get((int) round - 1);
    }

    synchronized List<Beacon> beacons() {
        return List.copyOf(beacons);
    }

    synchronized int size() {
        return beacons.size();
    }

    InMemoryBeaconSource source() {
        return new InMemoryBeaconSource(info, beacons());
    }

    long latestTime() {
        return info.timeOfRound(size());
    }
}
