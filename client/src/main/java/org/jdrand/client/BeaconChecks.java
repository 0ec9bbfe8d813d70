package org.jdrand.client;

import java.util.Arrays;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.InvalidBeaconException;

/**
 * Every check a served beacon must pass before anyone sees it: the round asked for, randomness
 * = sha256(signature), on chained schemes the links to the neighbours the cache knows, and the
 * signature under the chain's public key.
 */
final class BeaconChecks {
    private final BeaconCache cache;

    BeaconChecks(BeaconCache cache) {
        this.cache = cache;
    }

    /**
     * @param expectedRound the round asked for, or 0 for "latest"
     * @throws VerificationException naming the first check that failed
     */
    Beacon verify(DrandClient.Verified v, DrandJson.Parsed parsed, long expectedRound) {
        Beacon b = parsed.beacon();
        long round = b.round();
        if (expectedRound > 0 && round != expectedRound) {
            throw new VerificationException(round, "beacon: round " + round + " (expected " + expectedRound + ")");
        }
        if (round < 1) {
            throw new VerificationException(round, "beacon: round " + round + " (expected ≥ 1)");
        }
        byte[] sig = b.signature();
        if (parsed.randomness() != null && !Arrays.equals(parsed.randomness(), b.randomness())) {
            throw new VerificationException(round, "beacon: round " + round + ": randomness "
                    + Hex.shortHex(parsed.randomness()) + " (expected sha256 of the signature "
                    + Hex.shortHex(b.randomness()) + ")");
        }
        if (!v.info().scheme().chained()) {
            b = b.withoutPreviousSignature();
        } else {
            byte[] expectedPrev = round == 1 ? v.info().genesisSeed() : signatureOf(round - 1);
            if (expectedPrev != null && !Arrays.equals(expectedPrev, b.previousSignature())) {
                throw new VerificationException(round, "beacon: round " + round + ": previous signature "
                        + Hex.shortHex(b.previousSignature()) + " (expected "
                        + (round == 1 ? "the genesis seed " : "round " + (round - 1) + "'s signature ")
                        + Hex.shortHex(expectedPrev) + ")");
            }
            Beacon next = cache.get(round + 1);
            if (next != null && !Arrays.equals(next.previousSignature(), sig)) {
                throw new VerificationException(round, "beacon: round " + round + ": signature " + Hex.shortHex(sig)
                        + " (expected round " + (round + 1) + "'s previous signature "
                        + Hex.shortHex(next.previousSignature()) + ")");
            }
        }
        try {
            v.verifier().check(b);
        } catch (InvalidBeaconException e) {
            throw new VerificationException(round, e.getMessage() + " (expected a signature of chain "
                    + Hex.shortHex(v.info().hash()) + ")", e);
        }
        return b;
    }

    private byte[] signatureOf(long round) {
        Beacon b = cache.get(round);
        return b == null ? null : b.signature();
    }
}
