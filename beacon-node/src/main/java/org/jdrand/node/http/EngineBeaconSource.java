package org.jdrand.node.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.BeaconSource;
import org.jdrand.http.ChainRegistry;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.BeaconListener;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.store.StoreException;

/**
 * The HTTP API's view of one beacon process: the latest beacon from the engine's memory, past
 * rounds from the chain store on a reader pool (never on the HTTP event loop), and every stored
 * beacon (produced or synced) pushed through the engine's listener.
 */
public final class EngineBeaconSource implements BeaconSource {
    private final RoundEngine engine;
    private final Executor storeReads;

    public EngineBeaconSource(RoundEngine engine, Executor storeReads) {
        this.engine = engine;
        this.storeReads = storeReads;
    }

    /** A registry over the daemon's beacon processes; the one with beacon ID "default" is the default chain. */
    public static ChainRegistry registry(Collection<BeaconProcess> beacons, Executor storeReads) {
        List<BeaconSource> sources = new ArrayList<>();
        for (BeaconProcess p : beacons) {
            sources.add(new EngineBeaconSource(p.engine(), storeReads));
        }
        return ChainRegistry.of(sources);
    }

    @Override
    public ChainInfo info() {
        return engine.info();
    }

    @Override
    public CompletableFuture<Optional<Beacon>> latest() {
        Beacon last = engine.lastBeacon();
        return CompletableFuture.completedFuture(last == null || last.round() < 1 ? Optional.empty() : Optional.of(last));
    }

    @Override
    public CompletableFuture<Optional<Beacon>> beacon(long round) {
        if (round < 1) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return engine.store().get(round);
            } catch (StoreException e) {
                throw new CompletionException(e);
            }
        }, storeReads);
    }

    @Override
    public Subscription subscribe(Consumer<Beacon> listener) {
        BeaconListener l = b -> {
            if (b.round() >= 1) {
                listener.accept(b);
            }
        };
        engine.addListener(l);
        return () -> engine.removeListener(l);
    }
}
