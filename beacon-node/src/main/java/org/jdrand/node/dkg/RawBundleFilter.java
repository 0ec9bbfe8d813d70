package org.jdrand.node.dkg;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First-sight filter on the bytes of a DKG packet's bundle, before any decoding or signature
 * check. Echo broadcast (drand's BroadcastDKG) delivers each bundle up to n−1 times; drand drops
 * a copy whose hash it has seen before verifying it, and so do we, one step earlier: a byte-identical
 * copy costs a SHA-256 and a set lookup. A bundle that differs in any byte (for example a second,
 * conflicting deal from the same dealer) is new here and goes on to the session, which treats it
 * as kyber does. Metadata (beacon ID, version) is not part of the key: relays may differ in it.
 * The key (beacon ID, bundle kind, SHA-256 of the bundle's wire bytes) is computed by the gRPC
 * adapter, which alone sees those bytes. Thread-safe: called from the gRPC threads.
 */
final class RawBundleFilter {
    /** Beyond this many keys the set starts over: later copies then reach the session's own dedupe. */
    private static final int CAPACITY = 1 << 16;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Records {@code key}; false for a copy already seen (drop it unread). */
    boolean firstSight(String key) {
        copies.incrementAndGet();
        if (seen.size() >= CAPACITY) {
            seen.clear();
        }
        if (seen.add(key)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Marks our own outgoing bundle as seen, so its echoes are dropped unread. */
    void own(String key) {
        seen.add(key);
    }

    /** Forgets a bundle that was not used (malformed, or no room to keep it): a later copy is read again. */
    void forget(String key) {
        seen.remove(key);
    }

    /** Packets offered to {@link #firstSight} so far. */
    long copies() {
        return copies.get();
    }

    /** Of those, copies dropped unread. */
    long dropped() {
        return dropped.get();
    }
}
