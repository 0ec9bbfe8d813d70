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
import org.jdrand.http.MemberStatus;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.BeaconListener;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.key.Group;
import org.jdrand.node.store.StoreException;

/**
 * The HTTP API's view of one beacon process: the latest beacon from the engine's memory, past
 * rounds from the chain store on a reader pool (never on the HTTP event loop), and every beacon
 * pushed through the engine's verified listener: a produced one as soon as it is verified, before
 * the store's fsync (see docs/ARCHITECTURE.md, "Served before durable"), a synced one once stored.
 */
public final class EngineBeaconSource implements BeaconSource {
    private final RoundEngine engine;
    private final Executor storeReads;
    private final List<Group.Member> members;
    private final int selfIndex;

    public EngineBeaconSource(RoundEngine engine, Executor storeReads) {
        this(engine, storeReads, List.of(), -1);
    }

    /** With the group's members, shown on the status page with when each last sent a partial. */
    public EngineBeaconSource(RoundEngine engine, Executor storeReads, List<Group.Member> members, int selfIndex) {
        this.engine = engine;
        this.storeReads = storeReads;
        this.members = List.copyOf(members);
        this.selfIndex = selfIndex;
    }

    /** A source over a beacon process, with its group's members. */
    public static EngineBeaconSource of(BeaconProcess p, Executor storeReads) {
        return new EngineBeaconSource(p.engine(), storeReads, p.group().nodes(),
                p.self().map(Group.Member::index).orElse(-1));
    }

    /** A registry over the daemon's beacon processes; the one with beacon ID "default" is the default chain. */
    public static ChainRegistry registry(Collection<BeaconProcess> beacons, Executor storeReads) {
        List<BeaconSource> sources = new ArrayList<>();
        for (BeaconProcess p : beacons) {
            sources.add(of(p, storeReads));
        }
        return ChainRegistry.of(sources);
    }

    /** Two sources over one engine are the same source: republishing an unchanged beacon is a no-op. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EngineBeaconSource other && other.engine == engine;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(engine);
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
    public List<MemberStatus> members() {
        List<MemberStatus> out = new ArrayList<>(members.size());
        for (Group.Member m : members) {
            out.add(new MemberStatus(m.index(), m.address(), m.index() == selfIndex,
                    engine.lastPartialMillis(m.index())));
        }
        return out;
    }

    @Override
    public Subscription subscribe(Consumer<Beacon> listener) {
        BeaconListener l = b -> {
            if (b.round() >= 1) {
                listener.accept(b);
            }
        };
        engine.addVerifiedListener(l); // served as soon as verified, before the fsync
        return () -> engine.removeListener(l);
    }
}
