package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/** A chain with its info (one signing key: the client cannot tell it from a threshold group's). */
record LocalChain(ChainInfo info, List<Beacon> beacons) {

    static LocalChain create(BlsBackend backend, Scheme scheme, int period, long genesis, int rounds) {
        SecureRandom rnd = new SecureRandom();
        Bls bls = new Bls(backend);
        Scalar x = Scalar.random(rnd);
        byte[] seed = new byte[32];
        rnd.nextBytes(seed);
        ChainInfo info = new ChainInfo(bls.publicKey(scheme, x).toBytes(), "default", period, scheme, genesis, seed);
        List<Beacon> beacons = new ArrayList<>(rounds);
        byte[] prev = seed;
        for (long r = 1; r <= rounds; r++) {
            byte[] sig = bls.sign(scheme, x, scheme.digest(prev, r));
            beacons.add(new Beacon(r, sig, scheme.chained() ? prev : null));
            prev = sig;
        }
        return new LocalChain(info, List.copyOf(beacons));
    }
}
