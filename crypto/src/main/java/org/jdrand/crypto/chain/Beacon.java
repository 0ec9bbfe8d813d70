package org.jdrand.crypto.chain;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;

/**
 * One round of a chain: its round number, the group signature and (chained schemes only) the
 * previous round's signature. Immutable, compared by content. Not verified by construction:
 * use a {@code BeaconVerifier}.
 */
public final class Beacon {
    private final long round;
    private final byte[] signature;
    private final byte[] previousSignature;

    /**
     * @param round             round number (uint64 in drand; must be ≥ 0 here)
     * @param signature         group signature, non-empty
     * @param previousSignature previous signature, or null/empty when the scheme is unchained
     */
    public Beacon(long round, byte[] signature, byte[] previousSignature) {
        if (round < 0) {
            throw new IllegalArgumentException("beacon: round " + Long.toUnsignedString(round) + " out of range");
        }
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new IllegalArgumentException("beacon: round " + round + ": empty signature");
        }
        this.round = round;
        this.signature = signature.clone();
        this.previousSignature =
                previousSignature == null || previousSignature.length == 0 ? null : previousSignature.clone();
    }

    /** The genesis beacon (round 0) every store is seeded with: signature = genesis seed. */
    public static Beacon genesis(byte[] genesisSeed) {
        return new Beacon(0, genesisSeed, null);
    }

    public long round() {
        return round;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The previous signature, or null for unchained beacons and the genesis beacon. */
    public byte[] previousSignature() {
        return previousSignature == null ? null : previousSignature.clone();
    }

    public boolean hasPreviousSignature() {
        return previousSignature != null;
    }

    /** randomness = SHA-256(signature), for every scheme. */
    public byte[] randomness() {
        return Scheme.sha256().digest(signature);
    }

    /** The same beacon without its previous signature (what unchained stores keep). */
    public Beacon withoutPreviousSignature() {
        return previousSignature == null ? this : new Beacon(round, signature, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Beacon b
                && b.round == round
                && Arrays.equals(b.signature, signature)
                && Arrays.equals(b.previousSignature, previousSignature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(round) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Beacon[round=" + round + ", sig=" + Hex.shortHex(signature)
                + (previousSignature == null ? "" : ", prev=" + Hex.shortHex(previousSignature)) + "]";
    }
}
