package org.jdrand.node.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * drand's aggregation cache (internal/chain/beacon/cache.go): partials grouped by (round,
 * previous signature), for rounds in (last, last + {@value #ROUND_WINDOW}], at most
 * {@value #MAX_PARTIALS_PER_NODE} cached partials per signer index (oldest evicted). A node that
 * signs over a different previous signature lands in a different entry and never combines with
 * the others.
 *
 * <p>Unlike drand, peers' partials are cached before their signature is checked: the engine
 * combines t of them and verifies only the result (optimistic aggregation). To keep that safe
 * against a peer sending bad or spoofed partials, the cache remembers which partials are checked:
 * a second, different partial for an index whose partial is unchecked, and any partial of an
 * entry in which a bad one was found, must be checked before it is cached; a different partial for
 * an index whose partial is checked is invalid (BLS partials are unique). Not thread-safe: owned by
 * the round engine's thread.
 */
final class PartialCache {
    /** partialCacheStoreLimit (3) + 1. */
    static final int ROUND_WINDOW = 4;
    static final int MAX_PARTIALS_PER_NODE = 100;

    /** What {@link #offer} did with a partial. */
    enum Offer {
        /** Cached: the entry may now be complete. */
        ADDED,
        /** Not cached: equal to the cached one, or its round is outside the window. */
        IGNORED,
        /** Not cached: its signature must be checked first, then offered again as checked. */
        CHECK_FIRST,
        /** Not cached: differs from the checked partial of the same index, so it is invalid. */
        CONFLICT
    }

    /** One cached partial; {@code checked} when its signature is known to be valid. */
    record Slot(int index, byte[] partial, boolean checked) { }

    private record Key(long round, byte[] prev) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.round == round && Arrays.equals(k.prev, prev);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(round) * 31 + Arrays.hashCode(prev);
        }
    }

    private static final class Entry {
        final Map<Integer, Slot> slots = new LinkedHashMap<>();
        /** A bad partial was found here: check every later one before caching it. */
        boolean suspect;
    }

    private final Map<Key, Entry> entries = new HashMap<>();
    private final Map<Integer, ArrayDeque<Key>> byIndex = new HashMap<>();

    /**
     * Offers a partial of {@code index} for (round, prev); {@code checked} when its signature is
     * known to be valid (the node's own, or checked by the caller after {@link Offer#CHECK_FIRST}).
     */
    Offer offer(long lastRound, long round, byte[] prev, int index, byte[] partial, boolean checked) {
        if (round <= lastRound || round > lastRound + ROUND_WINDOW) {
            return Offer.IGNORED;
        }
        Key key = key(round, prev);
        Entry entry = entries.get(key);
        Slot existing = entry == null ? null : entry.slots.get(index);
        if (existing != null) {
            if (Arrays.equals(existing.partial(), partial)) {
                if (checked && !existing.checked()) {
                    entry.slots.put(index, new Slot(index, existing.partial(), true));
                }
                return Offer.IGNORED;
            }
            if (existing.checked()) {
                return Offer.CONFLICT;
            }
            if (!checked) {
                return Offer.CHECK_FIRST;
            }
            // a checked partial replaces an unchecked one of the same index: that one is invalid
            entry.slots.put(index, new Slot(index, partial.clone(), true));
            return Offer.ADDED;
        }
        if (!checked && entry != null && entry.suspect) {
            return Offer.CHECK_FIRST;
        }
        if (entry == null) {
            entry = new Entry();
            entries.put(key, entry);
        }
        entry.slots.put(index, new Slot(index, partial.clone(), checked));
        ArrayDeque<Key> keys = byIndex.computeIfAbsent(index, i -> new ArrayDeque<>());
        keys.addLast(key);
        while (keys.size() > MAX_PARTIALS_PER_NODE) {
            Key oldest = keys.removeFirst();
            Entry e = entries.get(oldest);
            if (e != null) {
                e.slots.remove(index);
                if (e.slots.isEmpty()) {
                    entries.remove(oldest);
                }
            }
        }
        return Offer.ADDED;
    }

    /** The cached partials of (round, prev): checked ones first, then in arrival order. */
    List<Slot> slots(long round, byte[] prev) {
        Entry e = entries.get(key(round, prev));
        if (e == null) {
            return List.of();
        }
        List<Slot> out = new ArrayList<>(e.slots.size());
        addAll(out, e.slots.values(), true);
        addAll(out, e.slots.values(), false);
        return out;
    }

    private static void addAll(List<Slot> out, Collection<Slot> slots, boolean checked) {
        for (Slot s : slots) {
            if (s.checked() == checked) {
                out.add(s);
            }
        }
    }

    /**
     * Records the outcome of checking the unchecked partials of (round, prev): those of
     * {@code invalid} indices are dropped, the others become checked, and the entry checks every
     * later partial before caching it when one was invalid.
     */
    void checked(long round, byte[] prev, Collection<Integer> invalid) {
        Entry e = entries.get(key(round, prev));
        if (e == null) {
            return;
        }
        for (Integer index : invalid) {
            e.slots.remove(index);
        }
        e.slots.replaceAll((i, s) -> s.checked() ? s : new Slot(i, s.partial(), true));
        if (!invalid.isEmpty()) {
            e.suspect = true;
        }
    }

    /** The highest round with at least {@code threshold} partials for one previous signature, or −1. */
    long highestCompleteRound(int threshold) {
        long best = -1;
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (e.getValue().slots.size() >= threshold) {
                best = Math.max(best, e.getKey().round);
            }
        }
        return best;
    }

    /** Drops every entry at or below {@code round} (stored now) and anything past the window. */
    void flush(long lastRound) {
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Key k = it.next().getKey();
            if (k.round <= lastRound || k.round > lastRound + ROUND_WINDOW) {
                it.remove();
            }
        }
        for (Iterator<ArrayDeque<Key>> it = byIndex.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Key> keys = it.next();
            keys.removeIf(k -> !entries.containsKey(k));
            if (keys.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Number of cached partials (all entries), for tests and metrics. */
    int size() {
        return entries.values().stream().mapToInt(e -> e.slots.size()).sum();
    }

    private static Key key(long round, byte[] prev) {
        return new Key(round, prev == null ? new byte[0] : prev.clone());
    }
}
