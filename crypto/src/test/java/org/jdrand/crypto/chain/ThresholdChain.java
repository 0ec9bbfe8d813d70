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
 * round digest and the partials are Lagrange-recovered into the group signature. The test fixture
 * every module shares through crypto's test-jar.
 */
public record ThresholdChain(ChainInfo info, List<Beacon> beacons, PriPoly poly, int n) {

    public ThresholdChain {
        beacons = List.copyOf(beacons);
    }

    /** 5 nodes, threshold 3. */
    public static ThresholdChain create(Scheme scheme, String beaconId, int period, long genesis, int rounds) {
        return create(scheme, beaconId, period, genesis, rounds, 5, 3, new SecureRandom());
    }

    public static ThresholdChain create(Scheme scheme, String beaconId, int period, long genesis, int rounds, int n,
            int t, SecureRandom rnd) {
        BlsBackend backend = BlsBackends.blst();
        PriPoly poly = PriPoly.random(t, rnd, scheme.groupOrder());
        PubPoly pub = poly.commit(BlsBackends.forScheme(backend, scheme), scheme.keyGroup());
        ThresholdBls tbls = new ThresholdBls(backend, scheme);
        byte[] seed = new byte[32];
        rnd.nextBytes(seed);
        ChainInfo info = new ChainInfo(pub.commit().toBytes(), beaconId, period, scheme, genesis, seed);
        List<Beacon> beacons = new ArrayList<>();
        byte[] prev = seed;
        for (long round = 1; round <= rounds; round++) {
            byte[] msg = scheme.digest(scheme.chained() ? prev : null, round);
            List<byte[]> partials = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                partials.add(tbls.signPartial(poly.share((int) ((round + k) % n)), msg));
            }
            byte[] sig = tbls.recover(pub, msg, partials, t);
            beacons.add(new Beacon(round, sig, scheme.chained() ? prev : null));
            prev = sig;
        }
        return new ThresholdChain(info, beacons, poly, n);
    }

    public Beacon beacon(long round) {
        return beacons.get((int) round - 1);
    }

    /** The time of the last round. */
    public long latestTime() {
        return info.timeOfRound(beacons.size());
    }

    /** The chain with {@code round}'s signature replaced by another round's (a valid point, wrong message). */
    public List<Beacon> tampered(long round) {
        List<Beacon> copy = new ArrayList<>(beacons);
        Beacon b = copy.get((int) round - 1);
        Beacon other = copy.get((int) round % copy.size());
        copy.set((int) round - 1, new Beacon(round, other.signature(), b.previousSignature()));
        return copy;
    }
}
