package org.jdrand.tlock;

import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.ThresholdChain;

/**
 * What timelock tests need around crypto's shared {@link ThresholdChain} (a real 3-of-5 chain
 * that signs any unchained round on demand, BN254 included): the chain as tlock sees it and
 * drand's JSON for the tlock-js interop.
 */
final class ChainFixtures {
    private ChainFixtures() {}

    /** A fresh 3-of-5 chain with nothing signed yet (tests sign the rounds they need). */
    static ThresholdChain chain(org.jdrand.crypto.Scheme scheme, long genesis, int period) {
        return ThresholdChain.create(scheme, "tlock-test", period, genesis, 0);
    }

    static TlockChain tlock(ThresholdChain c) {
        return new TlockChain(c.info());
    }

    /** The backend for the chain's scheme (BN254's for evmnet). */
    static BlsBackend backend(BlsBackend configured, ThresholdChain c) {
        return BlsBackends.forScheme(configured, c.info().scheme());
    }

    /** drand's /info JSON. */
    static String infoJson(ChainInfo info) {
        return "{\"public_key\":\"" + Hex.encode(info.publicKey()) + "\",\"period\":" + info.periodSeconds()
                + ",\"genesis_time\":" + info.genesisTime() + ",\"hash\":\"" + info.hashHex() + "\",\"groupHash\":\""
                + Hex.encode(info.genesisSeed()) + "\",\"schemeID\":\"" + info.scheme().id()
                + "\",\"metadata\":{\"beaconID\":\"" + info.beaconId() + "\"}}";
    }

    /** drand's /public/{round} JSON. */
    static String beaconJson(Beacon b) {
        return "{\"round\":" + b.round() + ",\"randomness\":\"" + Hex.encode(b.randomness()) + "\",\"signature\":\""
                + Hex.encode(b.signature()) + "\"}";
    }
}
