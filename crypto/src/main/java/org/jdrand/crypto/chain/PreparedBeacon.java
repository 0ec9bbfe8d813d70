package org.jdrand.crypto.chain;

import java.util.Objects;
import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.DeferredHash;

/**
 * One beacon after the per-beacon half of batch verification ({@link BeaconVerifier#prepare}):
 * its signature decoded (the subgroup check possibly deferred to the batch), its round message
 * hashed to the curve (cofactor clearing possibly deferred). These steps cost nearly all of a batch check and share nothing
 * between beacons, so a caller may run them for different beacons on different threads and hand
 * the results, in any grouping, to {@link BeaconVerifier#invalidPreparedRounds}. A beacon that
 * failed already (malformed signature, infinity, missing previous signature) carries its reason.
 * Immutable; only the verifier that made it accepts it.
 */
public final class PreparedBeacon {
    final BeaconVerifier verifier;
    private final long round;
    final CurvePoint signature; // null when failed
    final DeferredHash hash; // null when failed
    private final String failure; // null when prepared

    PreparedBeacon(BeaconVerifier verifier, long round, CurvePoint signature, DeferredHash hash, String failure) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.round = round;
        this.signature = signature;
        this.hash = hash;
        this.failure = failure;
    }

    public long round() {
        return round;
    }

    /** True when the beacon failed before any pairing (then it is invalid whatever the batch). */
    public boolean failed() {
        return failure != null;
    }

    /** Why it failed, or the empty string. */
    public String failure() {
        return failure == null ? "" : failure;
    }

    @Override
    public String toString() {
        return "PreparedBeacon[round=" + round + (failure == null ? "" : ", failed: " + failure) + "]";
    }
}
