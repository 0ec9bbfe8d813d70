package org.jdrand.node.engine;

import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.PreparedBeacon;

/**
 * The threshold-BLS operations one beacon process needs, bound to its scheme, group key, public
 * polynomial and (for members) its share. Implementations are pure and thread-safe: the engine
 * calls them from a small worker pool.
 */
public interface BeaconCrypto {
    Scheme scheme();

    /** Partials needed to recover a round signature. */
    int threshold();

    /** Number of share holders: valid partial indices are 0 .. n − 1. */
    int groupSize();

    /** This node's share index, or −1 when it holds no share (a follower). */
    int ownIndex();

    /** BE16(own index) ‖ σ over {@code message} with the own share. */
    byte[] signPartial(byte[] message);

    /** True iff {@code partial} is a valid partial of its index's public share over {@code message}. */
    boolean verifyPartial(byte[] message, byte[] partial);

    /**
     * Lagrange-combines {@code partials} (distinct indices, at least threshold) into the group
     * signature over {@code message}, verified under the group key.
     *
     * @throws IllegalArgumentException when recovery or its verification fails
     */
    byte[] recover(byte[] message, List<byte[]> partials);

    /**
     * Optimistic recovery: Lagrange-combines the first threshold partials (by index) without
     * checking them one by one and verifies only the result under the group key. Returns the
     * group signature, or null when there are too few partials or the result does not verify
     * (then {@link #invalidPartials} names the bad ones).
     */
    byte[] combine(byte[] message, List<byte[]> partials);

    /** Positions in {@code partials} of those malformed or not valid over {@code message}, ascending. */
    List<Integer> invalidPartials(byte[] message, List<byte[]> partials);

    /** Full check of one beacon against the group key (chained: over its previous signature). */
    boolean isValid(Beacon beacon);

    /** Rounds of {@code beacons} that do not verify (batch verification; empty when all do). */
    List<Long> invalidRounds(List<Beacon> beacons);

    /** The per-beacon half of batch verification (decode, subgroup check, hash): independent per beacon. */
    PreparedBeacon prepare(Beacon beacon);

    /** The batch half: rounds of beacons prepared by {@link #prepare} that do not verify, in input order. */
    List<Long> invalidPreparedRounds(List<PreparedBeacon> prepared);

    /** The share index a partial carries (BE16 prefix), or −1 if its length is wrong. */
    default int indexOf(byte[] partial) {
        if (partial == null || partial.length != scheme().partialSize()) {
            return -1;
        }
        return ((partial[0] & 0xff) << 8) | (partial[1] & 0xff);
    }
}
