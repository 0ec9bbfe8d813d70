package org.jdrand.node.beacon;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.engine.BeaconCrypto;
import org.jdrand.node.engine.PartialSender;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.key.Group;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.node.sync.SyncManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One beacon ID inside a daemon (drand's BeaconProcess): its group, scheme, keys, store, round
 * engine and sync client. Several run side by side (multibeacon), each fully separate.
 */
public final class BeaconProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeaconProcess.class);

    private final Group group;
    private final Group.Member self;
    private final ChainInfo info;
    private final byte[] chainHash;
    private final RoundEngine engine;
    private final SyncManager sync;
    private final ChainStore store;

    /**
     * @param self this node's member entry, or null for a follower without a share
     */
    public BeaconProcess(Group group, Group.Member self, BeaconCrypto crypto, ChainStore store,
            Scheduler scheduler, Executor cryptoPool, PartialSender sender, BeaconStreamSource source, Random random)
            throws StoreException {
        this.group = group;
        this.self = self;
        this.info = group.chainInfo();
        this.chainHash = info.hash();
        this.store = store;
        this.engine = new RoundEngine(group.beaconId(), info, group.catchupPeriod(), crypto,
                store, scheduler, cryptoPool, sender);
        List<String> peers = group.nodes().stream()
                .map(Group.Member::address)
                .filter(a -> self == null || !a.equals(self.address()))
                .toList();
        // drand: a sync expires when no beacon arrived for 2 × period (at least a few seconds of wall time)
        Duration idle = Duration.ofSeconds(Math.max(3, 2L * group.period().getSeconds()));
        this.sync = new SyncManager(engine, source, peers, random, idle); // verification pool: one thread per core, while a sync runs
        engine.setSyncTrigger(sync);
    }

    public String id() {
        return group.beaconId();
    }

    public Group group() {
        return group;
    }

    public Optional<Group.Member> self() {
        return Optional.ofNullable(self);
    }

    public ChainInfo info() {
        return info;
    }

    public byte[] chainHash() {
        return chainHash.clone();
    }

    public RoundEngine engine() {
        return engine;
    }

    public SyncManager sync() {
        return sync;
    }

    public ChainStore store() {
        return store;
    }

    public CompletableFuture<Void> start(StartMode mode) {
        return engine.start(mode);
    }

    @Override
    public void close() {
        sync.close();
        engine.close();
        try {
            store.close();
        } catch (StoreException e) {
            LOG.warn("store close failed id={} error={}", id(), e.getMessage());
        }
    }
}
