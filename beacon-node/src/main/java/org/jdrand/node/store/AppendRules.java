package org.jdrand.node.store;

import java.util.Arrays;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;

/**
 * The append checks every backend shares (drand's append and scheme store layers): only
 * last + 1 is appended; a chained beacon must carry the signature of round last as previous
 * signature; a round already stored is a benign duplicate when identical and an error otherwise.
 */
final class AppendRules {

    /** What to do with a candidate beacon. */
    enum Decision { APPEND, DUPLICATE }

    /** Looks up a stored beacon (with its previous signature rebuilt on chained chains). */
    @FunctionalInterface
    interface Lookup {
        Optional<Beacon> get(long round) throws StoreException;
    }

    private AppendRules() {}

    /**
     * The beacon as the store keeps and returns it: unchained beacons lose their previous
     * signature (drand's scheme store sets it to nil).
     */
    static Beacon normalise(boolean chained, Beacon beacon) {
        return chained ? beacon : beacon.withoutPreviousSignature();
    }

    /**
     * Decides whether {@code candidate} (already normalised) may follow {@code last}.
     *
     * @throws StoreException on a gap, a missing or mismatched previous signature, or a
     *     conflicting duplicate
     */
    static Decision check(boolean chained, Beacon last, Beacon candidate, Lookup stored) throws StoreException {
        long round = candidate.round();
        if (round <= last.round()) {
            Optional<Beacon> existing = stored.get(round);
            if (existing.isEmpty()) {
                throw new StoreException("append: round " + round + ": already past and no longer retained (last "
                        + last.round() + ")");
            }
            if (sameBeacon(chained, existing.get(), candidate)) {
                return Decision.DUPLICATE;
            }
            throw new StoreException("append: round " + round + ": conflicting signature "
                    + Hex.shortHex(candidate.signature()) + " (stored " + Hex.shortHex(existing.get().signature()) + ")");
        }
        if (round != last.round() + 1) {
            throw new StoreException("append: round " + round + ": gap after last round " + last.round()
                    + " (expected round " + (last.round() + 1) + ")");
        }
        if (chained) {
            byte[] prev = candidate.previousSignature();
            if (prev == null) {
                throw new StoreException("append: round " + round
                        + ": missing previous signature (expected " + Hex.shortHex(last.signature()) + ")");
            }
            if (!Arrays.equals(prev, last.signature())) {
                throw new StoreException("append: round " + round + ": previous signature " + Hex.shortHex(prev)
                        + " (expected signature of round " + last.round() + " " + Hex.shortHex(last.signature()) + ")");
            }
        }
        return Decision.APPEND;
    }

    private static boolean sameBeacon(boolean chained, Beacon stored, Beacon candidate) {
        if (!Arrays.equals(stored.signature(), candidate.signature())) {
            return false;
        }
        // a chained duplicate must also agree on the link; an absent prev cannot be compared
        return !chained || !candidate.hasPreviousSignature() || !stored.hasPreviousSignature()
                || Arrays.equals(stored.previousSignature(), candidate.previousSignature());
    }
}
