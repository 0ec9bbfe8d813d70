package org.jdrand.node.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * drand's aggregation cache (internal/chain/beacon/cache.go): verified partials grouped by
 * (round, previous signature), for rounds in (last, last + {@value #ROUND_WINDOW}], at most
 * {@value #MAX_PARTIALS_PER_NODE} cached partials per signer index (oldest evicted). A node that
 * signs over a different previous signature lands in a different entry and never combines with
 * the others. Not thread-safe: owned by the round engine's thread.
 */
final class PartialCache {
    /** partialCacheStoreLimit (3) + 1. */
    static final int ROUND_WINDOW = 4;
    static final int MAX_PARTIALS_PER_NODE = 100;

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

    private final Map<Key, Map<Integer, byte[]>> entries = new HashMap<>();
    private final Map<Integer, ArrayDeque<Key>> byIndex = new HashMap<>();

    /**
     * Adds a verified partial. Returns false (and caches nothing) when the round is outside the
     * window or the index already has a partial for this (round, prev).
     */
    boolean add(long lastRound, long round, byte[] prev, int index, byte[] partial) {
        if (round <= lastRound || round > lastRound + ROUND_WINDOW) {
            return false;
        }
        Key key = new Key(round, prev == null ? new byte[0] : prev.clone());
        Map<Integer, byte[]> entry = entries.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (entry.containsKey(index)) {
            return false;
        }
        entry.put(index, partial.clone());
        ArrayDeque<Key> keys = byIndex.computeIfAbsent(index, i -> new ArrayDeque<>());
        keys.addLast(key);
        while (keys.size() > MAX_PARTIALS_PER_NODE) {
            Key oldest = keys.removeFirst();
            Map<Integer, byte[]> e = entries.get(oldest);
            if (e != null) {
                e.remove(index);
                if (e.isEmpty()) {
                    entries.remove(oldest);
                }
            }
        }
        return true;
    }

    /** The cached partials of (round, prev), in arrival order. */
    List<byte[]> partials(long round, byte[] prev) {
        Map<Integer, byte[]> e = entries.get(new Key(round, prev == null ? new byte[0] : prev));
        return e == null ? List.of() : new ArrayList<>(e.values());
    }

    /** The highest round with at least {@code threshold} partials for one previous signature, or −1. */
    long highestCompleteRound(int threshold) {
        long best = -1;
        for (Map.Entry<Key, Map<Integer, byte[]>> e : entries.entrySet()) {
            if (e.getValue().size() >= threshold) {
                best = Math.max(best, e.getKey().round);
            }
        }
        return best;
    }

    /** Drops every entry at or below {@code round} (stored now) and anything past the window. */
    void flush(long lastRound) {
        for (Iterator<Map.Entry<Key, Map<Integer, byte[]>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
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
        return entries.values().stream().mapToInt(Map::size).sum();
    }
}
