package org.jdrand.tlock;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;

/**
 * A chain of our own: a 3-of-5 group key dealt with PriPoly, beacons recovered from partials by
 * ThresholdBls. Unlike crypto's shared test chain (which precomputes rounds 1..n), it signs any
 * round on demand: timelock tests need rounds far ahead and a chain per test. On BN254 (evmnet's
 * scheme) the polynomial is dealt mod BN254's order, as a BN254 DKG would.
 */
final class ThresholdChain {
    final BlsBackend backend;
    final Scheme scheme;
    final ChainInfo info;
    private final List<PriShare> shares;
    private final PubPoly pubPoly;
    private final ThresholdBls tbls;

    ThresholdChain(BlsBackend backend, Scheme scheme, long genesis, int period) {
        SecureRandom random = new SecureRandom();
        this.backend = BlsBackends.forScheme(backend, scheme);
        this.scheme = scheme;
        if (scheme.isBn254()) {
            BigInteger r = scheme.groupOrder();
            List<BigInteger> coeffs = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                coeffs.add(new BigInteger(320, random).mod(r));
            }
            this.shares = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                BigInteger x = BigInteger.valueOf(i + 1L);
                BigInteger v = BigInteger.ZERO;
                for (int j = coeffs.size() - 1; j >= 0; j--) {
                    v = v.multiply(x).add(coeffs.get(j)).mod(r);
                }
                shares.add(new PriShare(i, Scalar.of(v)));
            }
            List<Point> commits = new ArrayList<>();
            for (BigInteger c : coeffs) {
                commits.add(this.backend.generator(scheme.keyGroup()).multiply(Scalar.of(c)));
            }
            this.pubPoly = new PubPoly(commits);
        } else {
            PriPoly poly = PriPoly.random(3, random);
            this.shares = poly.shares(5);
            this.pubPoly = poly.commit(backend, scheme.keyGroup());
        }
        this.tbls = new ThresholdBls(this.backend, scheme);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        this.info = new ChainInfo(pubPoly.commit().toBytes(), "tlock-test", period, scheme, genesis, seed);
    }

    TlockChain tlock() {
        return new TlockChain(info);
    }

    /** The round's beacon, from partials of nodes 4, 1 and 2. */
    Beacon beacon(long round) {
        byte[] msg = scheme.digest(null, round);
        List<byte[]> partials = new ArrayList<>();
        for (int i : new int[] {4, 1, 2}) {
            partials.add(tbls.signPartial(shares.get(i), msg));
        }
        return new Beacon(round, tbls.recover(pubPoly, msg, partials, 3), null);
    }

    /** drand's /info JSON. */
    String infoJson() {
        return "{\"public_key\":\"" + Hex.encode(info.publicKey()) + "\",\"period\":" + info.periodSeconds()
                + ",\"genesis_time\":" + info.genesisTime() + ",\"hash\":\"" + info.hashHex() + "\",\"groupHash\":\""
                + Hex.encode(info.genesisSeed()) + "\",\"schemeID\":\"" + scheme.id() + "\",\"metadata\":{\"beaconID\":\""
                + info.beaconId() + "\"}}";
    }

    static String beaconJson(Beacon b) {
        return "{\"round\":" + b.round() + ",\"randomness\":\"" + Hex.encode(b.randomness()) + "\",\"signature\":\""
                + Hex.encode(b.signature()) + "\"}";
    }
}
