package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;

/** A synthetic chain: a random group key and correctly signed consecutive beacons. */
final class Fixtures {
    private Fixtures() {}

    record Chain(byte[] publicKey, List<Beacon> beacons) {}

    static Chain chain(BlsBackend backend, Scheme scheme, int rounds, long seed) {
        SecureRandom rnd = new SecureRandom();
        rnd.setSeed(seed);
        Bls bls = new Bls(backend);
        Scalar x = Scalar.random(rnd);
        List<Beacon> beacons = new ArrayList<>(rounds);
        byte[] prev = new byte[32];
        rnd.nextBytes(prev);
        for (long r = 1; r <= rounds; r++) {
            byte[] sig = bls.sign(scheme, x, scheme.digest(prev, r));
            beacons.add(new Beacon(r, sig, scheme.chained() ? prev : null));
            prev = sig;
        }
        return new Chain(bls.publicKey(scheme, x).toBytes(), beacons);
    }
}
