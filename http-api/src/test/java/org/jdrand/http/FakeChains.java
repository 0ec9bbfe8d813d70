package org.jdrand.http;

import java.util.Random;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * Chains with random bytes in place of keys and signatures, for route tests that do not
 * verify anything (the interop test uses real threshold-BLS chains).
 */
final class FakeChains {
    private FakeChains() {}

    static ChainInfo info(Scheme scheme, String beaconId, int period, long genesis, long seed) {
        Random r = new Random(seed);
        return new ChainInfo(bytes(r, scheme.keyGroup().compressedSize()), beaconId, period, scheme, genesis,
                bytes(r, 32));
    }

    /** A source holding rounds from..to, chained on the previous fake signature when the scheme is. */
    static InMemoryBeaconSource source(ChainInfo info, long from, long to) {
        InMemoryBeaconSource s = new InMemoryBeaconSource(info);
        for (long round = from; round <= to; round++) {
            s.append(beacon(info, round));
        }
        return s;
    }

    /** A deterministic fake beacon: its previous signature is the fake signature of round − 1. */
    static Beacon beacon(ChainInfo info, long round) {
        byte[] prev = round == 1 ? info.genesisSeed() : signature(info, round - 1);
        return new Beacon(round, signature(info, round), info.scheme().chained() ? prev : null);
    }

    static byte[] signature(ChainInfo info, long round) {
        return bytes(new Random(round * 7919 + info.genesisTime()), info.scheme().signatureGroup().compressedSize());
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
