package org.jdrand.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A {@link BeaconSource} held in memory: for tests, benchmarks and as a reference of the
 * contract. {@link #append} accepts rounds in increasing order only and does not verify them.
 */
public final class InMemoryBeaconSource implements BeaconSource {
    private final ChainInfo info;
    private final ConcurrentSkipListMap<Long, Beacon> beacons = new ConcurrentSkipListMap<>();
    private final List<Consumer<Beacon>> listeners = new CopyOnWriteArrayList<>();

    public InMemoryBeaconSource(ChainInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    public InMemoryBeaconSource(ChainInfo info, List<Beacon> initial) {
        this(info);
        initial.forEach(this::append);
    }

    /** Stores {@code beacon} and notifies subscribers. */
    public synchronized void append(Beacon beacon) {
        if (beacon.round() < 1) {
            throw new IllegalArgumentException("append: round " + beacon.round() + " (expected ≥ 1)");
        }
        Map.Entry<Long, Beacon> last = beacons.lastEntry();
        if (last != null && beacon.round() <= last.getKey()) {
            throw new IllegalArgumentException(
                    "append: round " + beacon.round() + " (expected > " + last.getKey() + ")");
        }
        beacons.put(beacon.round(), beacon);
        listeners.forEach(l -> l.accept(beacon));
    }

    @Override
    public ChainInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<Optional<Beacon>> latest() {
        Map.Entry<Long, Beacon> last = beacons.lastEntry();
        return CompletableFuture.completedFuture(Optional.ofNullable(last == null ? null : last.getValue()));
    }

    @Override
    public CompletableFuture<Optional<Beacon>> beacon(long round) {
        return CompletableFuture.completedFuture(Optional.ofNullable(beacons.get(round)));
    }

    /** How many subscribers follow this source now. */
    public int subscriberCount() {
        return listeners.size();
    }

    @Override
    public Subscription subscribe(Consumer<Beacon> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
