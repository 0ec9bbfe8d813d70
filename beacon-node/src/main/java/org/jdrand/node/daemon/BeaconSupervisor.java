package org.jdrand.node.daemon;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.beacon.BeaconRegistry;
import org.jdrand.node.engine.EngineObserver;
import org.jdrand.node.engine.ObserverHub;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.key.Group;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a node's beacon processes: it alone starts, replaces and stops them (at
 * start-up, after a DKG, at a reshare transition, on LoadBeacon, for a followed chain), and tells
 * its listeners the running set after each change, so the public HTTP API follows without
 * rebinding.
 */
public final class BeaconSupervisor implements BeaconRegistry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeaconSupervisor.class);
    /** Threads for partial verification: a small pool, chain state stays with each engine. */
    private static final int CRYPTO_THREADS = 2;

    /** Told the running beacons after each start, replacement or stop. */
    @FunctionalInterface
    public interface Listener {
        void beaconsChanged(Collection<BeaconProcess> running);
    }

    /** What LoadBeacon reads from disk for a beacon ID (a node's {@code --folder}). */
    @FunctionalInterface
    public interface BeaconFiles {
        /**
         * @return the beacon's setup, or empty when it has a key pair but no group or share yet
         * @throws Exception a StatusException (NOT_FOUND, ...) or a file/store error saying what is wrong
         */
        Optional<BeaconSetup> load(String beaconId) throws Exception;
    }

    private final Scheduler scheduler;
    private final BlsBackend backend;
    private final PeerChannels channels;
    private final ObserverHub observer = new ObserverHub();
    private final BeaconFiles files;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SecureRandom random;
    private final Map<String, BeaconProcess> beacons = new ConcurrentHashMap<>();
    private final ExecutorService cryptoPool;

    /**
     * @param dialling how peers are dialled (TLS, or plaintext on trusted networks; never a
     *                 fallback from one to the other)
     * @param files    LoadBeacon's folder; null when the node has none (LoadBeacon is then refused)
     * @param random   peer order of sync (tests pass a predictable one)
     */
    public BeaconSupervisor(Scheduler scheduler, BlsBackend backend, io.grpc.ChannelCredentials dialling,
            BeaconFiles files, SecureRandom random) {
        this.scheduler = scheduler;
        this.backend = backend;
        this.channels = new PeerChannels(dialling, observer);
        this.files = files;
        this.random = random;
        AtomicInteger n = new AtomicInteger();
        this.cryptoPool = Executors.newFixedThreadPool(CRYPTO_THREADS, r -> {
            Thread t = new Thread(r, "jdrand-crypto-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A plaintext supervisor with no folder and no listener: tests, benchmarks. */
    public static BeaconSupervisor standalone(Scheduler scheduler, BlsBackend backend, SecureRandom random) {
        return new BeaconSupervisor(scheduler, backend, io.grpc.InsecureChannelCredentials.create(), null, random);
    }

    /**
     * Tells {@code l} the running beacons after each later start, replacement or stop (the public
     * HTTP API, the peer clock probe); closing the result stops it.
     */
    public AutoCloseable subscribe(Listener l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** Tells {@code o} of every later engine and peer event of every beacon (metrics); closing the result stops it. */
    public AutoCloseable observe(EngineObserver o) {
        return observer.subscribe(o);
    }

    /** Creates and starts the beacon process of {@code setup}. */
    public BeaconProcess start(BeaconSetup setup) throws StoreException {
        return start(setup, p -> { });
    }

    /**
     * Creates the beacon process of {@code setup}, lets {@code beforeStart} wire it (a follower
     * sets its own sync trigger before the engine's first catch-up request), then starts it.
     *
     * @throws IllegalStateException when a beacon with the same ID runs already
     */
    public synchronized BeaconProcess start(BeaconSetup setup, Consumer<BeaconProcess> beforeStart)
            throws StoreException {
        BeaconProcess p = launch(setup, beforeStart);
        changed();
        return p;
    }

    /** Opens a beacon's setup (its store) once the process it replaces has closed its own. */
    @FunctionalInterface
    public interface SetupOpener {
        BeaconSetup open() throws StoreException;
    }

    /**
     * Stops the running process of {@code beaconId} and starts the one {@code next} opens, as one
     * change (a reshare transition): the HTTP API keeps serving the chain throughout.
     */
    public synchronized BeaconProcess replace(String beaconId, SetupOpener next) throws StoreException {
        BeaconProcess old = beacons.remove(ChainInfo.normaliseBeaconId(beaconId));
        if (old != null) {
            old.close();
        }
        BeaconProcess p;
        try {
            p = launch(next.open(), b -> { });
        } finally {
            changed(); // also when the new process failed: the old one is gone either way
        }
        return p;
    }

    /** Stops one beacon process (control Shutdown with a beacon ID, a node leaving its group). */
    public synchronized void stop(String beaconId) {
        BeaconProcess p = beacons.remove(ChainInfo.normaliseBeaconId(beaconId));
        if (p != null) {
            p.close();
            changed();
        }
    }

    /** LoadBeacon: starts {@code beaconId} from its files unless it is running already. */
    public synchronized String load(String beaconId) throws Exception {
        if (files == null) {
            throw io.grpc.Status.UNIMPLEMENTED.withDescription("load: this daemon has no beacon folder").asException();
        }
        if (byId(beaconId).isPresent()) {
            throw io.grpc.Status.ALREADY_EXISTS.withDescription("load: beacon " + beaconId
                    + " is already running (stop it first with 'jdrand stop --id " + beaconId + "')").asException();
        }
        Optional<BeaconSetup> setup = files.load(beaconId);
        if (setup.isEmpty()) {
            LOG.info("beacon load id={} result=key pair only, waiting for a DKG", beaconId);
            return "beacon " + beaconId + " has a key pair but no group or share yet: it takes part in the next DKG";
        }
        BeaconProcess p = start(setup.get());
        LOG.info("beacon loaded id={} last={}", beaconId, p.engine().lastRound());
        return "beacon " + beaconId + " loaded at round " + p.engine().lastRound();
    }

    private BeaconProcess launch(BeaconSetup setup, Consumer<BeaconProcess> beforeStart) throws StoreException {
        String id = setup.group().beaconId();
        if (beacons.containsKey(id)) {
            throw new IllegalStateException("beacon " + id + " already running");
        }
        Group.Member self = setup.self();
        List<String> peers = new ArrayList<>();
        for (Group.Member m : setup.group().nodes()) {
            if (self == null || !m.address().equals(self.address())) {
                peers.add(m.address());
            }
        }
        ThresholdBeaconCrypto crypto = new ThresholdBeaconCrypto(backend, setup.group().scheme(),
                setup.group().publicCoefficients().stream().map(Point::toBytes).toList(),
                setup.group().shareIndexLimit(), setup.share());
        // (a chain whose genesis is still ahead, e.g. right after its DKG, has nothing to seed from)
        if (setup.store() instanceof MemoryChainStore mem && setup.mode() == StartMode.CATCHUP
                && scheduler.clock().instant().getEpochSecond() > setup.group().chainInfo().genesisTime()) {
            // memdb keeps the last rounds only: start it from peers' recent chain
            org.jdrand.node.grpc.MemoryStoreSeeder.seed(mem, id, peers, channels, crypto, random);
        }
        GrpcPeers grpcPeers = new GrpcPeers(channels, id, peers);
        grpcPeers.setObserver(observer);
        BeaconProcess p = new BeaconProcess(setup.group(), self, crypto, setup.store(), scheduler, cryptoPool,
                grpcPeers, grpcPeers, random);
        p.engine().setObserver(observer);
        beforeStart.accept(p);
        beacons.put(id, p);
        p.start(setup.mode()).join();
        return p;
    }

    private void changed() {
        List<BeaconProcess> running = List.copyOf(beacons.values());
        for (Listener l : listeners) {
            try {
                l.beaconsChanged(running);
            } catch (RuntimeException e) {
                LOG.error("beacon set listener failed error={}", e.getMessage(), e);
            }
        }
    }

    /** The node's one observer, for events outside any beacon (the private listener's refusals). */
    EngineObserver observer() {
        return observer;
    }

    /** The node's channels to its peers, shared by the beacons, operator sync and the DKG's gossip. */
    public PeerChannels channels() {
        return channels;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    BlsBackend backend() {
        return backend;
    }

    SecureRandom random() {
        return random;
    }

    @Override
    public Collection<BeaconProcess> beacons() {
        return beacons.values();
    }

    @Override
    public Optional<BeaconProcess> byId(String beaconId) {
        return Optional.ofNullable(beacons.get(ChainInfo.normaliseBeaconId(beaconId)));
    }

    /** Stops every beacon process (the daemon is stopping: no listener call). */
    @Override
    public synchronized void close() {
        beacons.values().forEach(BeaconProcess::close);
        beacons.clear();
        cryptoPool.shutdownNow();
        channels.close();
    }
}
