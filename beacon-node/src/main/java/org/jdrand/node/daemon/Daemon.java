package org.jdrand.node.daemon;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.beacon.BeaconRegistry;
import org.jdrand.node.beacon.GroupMember;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.jdrand.node.grpc.BeaconRouter;
import org.jdrand.node.grpc.ControlService;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.grpc.ProtocolService;
import org.jdrand.node.grpc.PublicService;
import org.jdrand.node.grpc.VersionGate;
import org.jdrand.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drand daemon: a private gRPC listener (Public, Protocol, health) shared by all beacon
 * processes, a control listener on 127.0.0.1 (Control), and the beacon processes themselves
 * (multibeacon: each with its own scheme, keys and store). The composition root of a node.
 */
public final class Daemon implements BeaconRegistry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Threads for partial verification: a small pool, chain state stays with each engine. */
    private static final int CRYPTO_THREADS = 2;

    private final DaemonConfig config;
    private final Scheduler scheduler;
    private final BlsBackend backend;
    private final Map<String, BeaconProcess> beacons = new ConcurrentHashMap<>();
    private PeerChannels channels = new PeerChannels();
    private io.grpc.ServerCredentials privateCredentials = io.grpc.InsecureServerCredentials.create();
    private final ExecutorService cryptoPool;
    private final ExecutorService streams;
    private final HealthStatusManager health = new HealthStatusManager();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SecureRandom random;
    private volatile org.jdrand.node.engine.EngineObserver observer = org.jdrand.node.engine.EngineObserver.NONE;
    private Server privateServer;
    private Server controlServer;
    private volatile boolean closed;
    private final List<io.grpc.BindableService> extraPrivate = new ArrayList<>();
    private final List<io.grpc.BindableService> extraControl = new ArrayList<>();
    private OperatorSync operatorSync;
    private volatile Runnable followerAdded = () -> { };
    private java.util.function.Function<String, Optional<org.jdrand.proto.drand.IdentityResponse>> identityFallback =
            id -> Optional.empty();

    public Daemon(DaemonConfig config, Scheduler scheduler, BlsBackend backend) {
        this(config, scheduler, backend, new SecureRandom());
    }

    /** @param random peer order of sync (tests pass a predictable one) */
    public Daemon(DaemonConfig config, Scheduler scheduler, BlsBackend backend, SecureRandom random) {
        this.random = random;
        this.config = config;
        this.scheduler = scheduler;
        this.backend = backend;
        this.cryptoPool = Executors.newFixedThreadPool(CRYPTO_THREADS, named("jdrand-crypto"));
        this.streams = Executors.newCachedThreadPool(named("jdrand-stream"));
        this.operatorSync = new OperatorSync(this, FollowerStores.MEMORY, scheduler, random);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Metrics hook: told of produced beacons and failed partial sends of beacons added later. */
    public void setObserver(org.jdrand.node.engine.EngineObserver observer) {
        this.observer = observer;
        channels.setObserver(observer);
    }

    /** Peers this daemon has a connected channel to (outgoing_group_connections). */
    public int outgoingConnections() {
        return channels.connectedCount();
    }

    /** Each dialled peer's channel state, drand's numbering (outgoing_connection_state). */
    public java.util.Map<String, Integer> peerConnectionStates() {
        return channels.states();
    }

    /** hook (ceremony): a further service on the private listener (dkg.DKGPublic); call before {@link #start()}. */
    public synchronized Daemon addPrivateService(io.grpc.BindableService service) {
        extraPrivate.add(service);
        return this;
    }

    /** hook (ceremony): a further service on the control listener (dkg.DKGControl); call before {@link #start()}. */
    public synchronized Daemon addControlService(io.grpc.BindableService service) {
        extraControl.add(service);
        return this;
    }

    /**
     * hook (ceremony): GetIdentity answer for a beacon ID that has a key pair but no running
     * process yet (a fresh node waiting for its first DKG).
     */
    public synchronized Daemon setIdentityFallback(
            java.util.function.Function<String, Optional<org.jdrand.proto.drand.IdentityResponse>> fallback) {
        this.identityFallback = fallback;
        return this;
    }

    /**
     * hook (ceremony): TLS between nodes: the private listener's credentials and how peers are
     * dialled (TLS or plaintext, never a fallback from one to the other); call before {@link #start()}.
     */
    public synchronized Daemon setTls(org.jdrand.node.tls.TlsConfig tls) {
        this.privateCredentials = tls.serverCredentials();
        this.channels = new PeerChannels(tls.channelCredentials());
        channels.setObserver(observer);
        return this;
    }

    /** hook (ceremony): the shared channel to a peer, for the DKG's gossip. */
    public io.grpc.Channel peerChannel(String address) {
        return channels.channel(address);
    }

    /**
     * hook (operator sync): where a followed chain is stored (the daemon's --db); in memory by
     * default. Call before {@link #start()}.
     */
    public synchronized Daemon setFollowerStores(FollowerStores stores) {
        operatorSync.close();
        this.operatorSync = new OperatorSync(this, stores, scheduler, random);
        return this;
    }

    /** hook (operator sync): told when a followed chain is added (e.g. to refresh the public HTTP API). */
    public void onFollowerAdded(Runnable r) {
        this.followerAdded = r;
    }

    Runnable followerAdded() {
        return followerAdded;
    }

    PeerChannels channels() {
        return channels;
    }

    /** Binds the listeners; beacon processes can be added before or after. */
    public synchronized Daemon start() throws IOException {
        BeaconRouter router = new BeaconRouter(this);
        VersionGate gate = new VersionGate(ProtoMapper.NODE_VERSION);
        NettyServerBuilder priv = NettyServerBuilder.forAddress(HostPort.parse(config.privateListen(), "0.0.0.0"),
                        privateCredentials)
                .maxConcurrentCallsPerConnection(256)
                .intercept(ProtocolService.remoteAddressInterceptor()) // hook (ops): SyncChain callback IDs
                .addStreamTracerFactory(new org.jdrand.node.grpc.OversizedMessageCounter(() -> observer))
                .addService(health.getHealthService());
        PublicService pub = new PublicService(router, streams);
        ProtocolService proto = new ProtocolService(router, streams, identityFallback);
        if (config.disableVersionCheck()) {
            priv.addService(pub).addService(proto);
        } else {
            priv.addService(ServerInterceptors.intercept(pub, gate)).addService(ServerInterceptors.intercept(proto, gate));
        }
        extraPrivate.forEach(svc -> priv.addService(disableGate(svc, gate)));
        privateServer = priv.build().start();
        InetSocketAddress control = HostPort.parse(config.controlListen(), "127.0.0.1");
        NettyServerBuilder ctl = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", control.getPort()))
                .addService(new ControlService(router, this::shutdownRequested)
                        .withPeers(this::peerChannel).withLoading(this::loadBeacon) // hook (ops)
                        .withChainSync(operatorSync)); // hook (operator sync)
        extraControl.forEach(ctl::addService);
        controlServer = ctl.build().start();
        health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        LOG.info("daemon listening private={} control={}", privateAddress(), controlPort());
        return this;
    }

    private io.grpc.ServerServiceDefinition disableGate(io.grpc.BindableService svc, VersionGate gate) {
        return config.disableVersionCheck() ? svc.bindService() : ServerInterceptors.intercept(svc, gate);
    }

    /** The bound private listener as host:port (the port is real even when 0 was asked). */
    public String privateAddress() {
        InetSocketAddress a = (InetSocketAddress) privateServer.getListenSockets().get(0);
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return host + ":" + a.getPort();
    }

    public int privatePort() {
        return ((InetSocketAddress) privateServer.getListenSockets().get(0)).getPort();
    }

    public int controlPort() {
        return ((InetSocketAddress) controlServer.getListenSockets().get(0)).getPort();
    }

    /** Creates and starts the beacon process of {@code setup}. */
    public BeaconProcess addBeacon(BeaconSetup setup) throws StoreException {
        return addBeacon(setup, p -> { });
    }

    /**
     * Creates the beacon process of {@code setup}, lets {@code beforeStart} wire it (a follower
     * sets its own sync trigger before the engine's first catch-up request), then starts it.
     */
    public BeaconProcess addBeacon(BeaconSetup setup, java.util.function.Consumer<BeaconProcess> beforeStart)
            throws StoreException {
        String id = setup.group().beaconId();
        if (beacons.containsKey(id)) {
            throw new IllegalStateException("beacon " + id + " already running");
        }
        GroupMember self = setup.self();
        List<String> peers = new ArrayList<>();
        for (GroupMember m : setup.group().members()) {
            if (self == null || !m.address().equals(self.address())) {
                peers.add(m.address());
            }
        }
        ThresholdBeaconCrypto crypto = new ThresholdBeaconCrypto(backend, setup.group().scheme(),
                setup.group().commits(), setup.group().size(), setup.share());
        // (a chain whose genesis is still ahead, e.g. right after its DKG, has nothing to seed from)
        if (setup.store() instanceof org.jdrand.node.store.MemoryChainStore mem
                && setup.mode() == org.jdrand.node.engine.StartMode.CATCHUP
                && scheduler.clock().instant().getEpochSecond() > setup.group().chainInfo().genesisTime()) {
            // hook (ops): memdb keeps the last rounds only: start it from peers' recent chain
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

    /** hook (ops): what LoadBeacon reads from disk for a beacon ID (set by {@code jdrand start}). */
    @FunctionalInterface
    public interface BeaconFiles {
        /**
         * @return the beacon's setup, or empty when it has a key pair but no group or share yet
         * @throws Exception a StatusException (NOT_FOUND, ...) or a file/store error saying what is wrong
         */
        Optional<BeaconSetup> load(String beaconId) throws Exception;
    }

    private volatile BeaconFiles beaconFiles;
    private volatile Runnable afterLoad = () -> { };

    /** hook (ops): enables LoadBeacon; {@code afterLoad} runs once a loaded beacon started (e.g. refresh HTTP). */
    public Daemon setBeaconFiles(BeaconFiles files, Runnable afterLoad) {
        this.beaconFiles = files;
        this.afterLoad = afterLoad;
        return this;
    }

    /** LoadBeacon: starts {@code beaconId} from its files unless it is running already. */
    private synchronized String loadBeacon(String beaconId) throws Exception {
        BeaconFiles files = beaconFiles;
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
        BeaconProcess p = addBeacon(setup.get());
        afterLoad.run();
        LOG.info("beacon loaded id={} last={}", beaconId, p.engine().lastRound());
        return "beacon " + beaconId + " loaded at round " + p.engine().lastRound();
    }

    /** Stops one beacon process (control Shutdown with a beacon ID). */
    public void stopBeacon(String beaconId) {
        BeaconProcess p = beacons.remove(ChainInfo.normaliseBeaconId(beaconId));
        if (p != null) {
            p.close();
        }
    }

    private void shutdownRequested(String beaconId) {
        // answer the RPC first, then stop off the gRPC thread
        CompletableFuture.runAsync(() -> {
            if (beaconId.isEmpty()) {
                close();
            } else {
                stopBeacon(beaconId);
            }
        });
    }

    @Override
    public Collection<BeaconProcess> beacons() {
        return beacons.values();
    }

    @Override
    public Optional<BeaconProcess> byId(String beaconId) {
        return Optional.ofNullable(beacons.get(ChainInfo.normaliseBeaconId(beaconId)));
    }

    /** Blocks until the daemon is closed (CLI). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        operatorSync.close();
        beacons.values().forEach(BeaconProcess::close);
        beacons.clear();
        for (Server s : new Server[] {privateServer, controlServer}) {
            if (s != null) {
                s.shutdownNow();
            }
        }
        channels.close();
        streams.shutdownNow();
        cryptoPool.shutdownNow();
        for (Server s : new Server[] {privateServer, controlServer}) {
            if (s != null) {
                try {
                    s.awaitTermination(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        LOG.info("daemon stopped");
        stopped.countDown();
    }
}
