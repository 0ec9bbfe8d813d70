package org.jdrand.client;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdrand.crypto.chain.Beacon;

/** The last {@code capacity} verified beacons by round, least recently used evicted. Past rounds never change. */
final class BeaconCache {
    private final int capacity;
    private final LinkedHashMap<Long, Beacon> map;

    BeaconCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Beacon> eldest) {
                return size() > BeaconCache.this.capacity;
            }
        };
    }

    synchronized Beacon get(long round) {
        return map.get(round);
    }

    synchronized void put(Beacon b) {
        if (capacity > 0) {
            map.put(b.round(), b);
        }
    }

    synchronized int size() {
        return map.size();
    }
}
