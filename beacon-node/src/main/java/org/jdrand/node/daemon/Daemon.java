package org.jdrand.node.daemon;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.grpc.BeaconRouter;
import org.jdrand.node.grpc.ClockSkew;
import org.jdrand.node.grpc.ControlService;
import org.jdrand.node.grpc.InlinePartials;
import org.jdrand.node.grpc.PeerClocks;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.grpc.ProtocolService;
import org.jdrand.node.grpc.PublicService;
import org.jdrand.node.grpc.VersionGate;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drand daemon's listeners: a private gRPC listener (Public, Protocol, health, and the
 * services given at construction) shared by all beacon processes, and a control listener on
 * 127.0.0.1 (Control). The beacon processes belong to the {@link BeaconSupervisor}; everything a
 * daemon needs is given at construction (see {@code NodeAssembly}), nothing is set later.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * What a node adds to the listeners.
     *
     * @param credentials      the private listener's (TLS or plaintext; peers are dialled to match by
     *                         the supervisor's channels)
     * @param privateServices  further services on the private listener (dkg.DKGPublic, metrics)
     * @param controlServices  further services on the control listener (dkg.DKGControl)
     * @param identityFallback GetIdentity for a beacon ID with a key pair but no running process yet
     * @param followerStores   where a followed chain is stored (the daemon's --db)
     */
    public record Services(io.grpc.ServerCredentials credentials, List<io.grpc.BindableService> privateServices,
            List<io.grpc.BindableService> controlServices,
            Function<String, Optional<NodeIdentity>> identityFallback, FollowerStores followerStores) {
        public Services {
            privateServices = List.copyOf(privateServices);
            controlServices = List.copyOf(controlServices);
        }

        /** Plaintext, no further services, followed chains in memory. */
        public static Services none() {
            return new Services(io.grpc.InsecureServerCredentials.create(), List.of(), List.of(),
                    id -> Optional.empty(), FollowerStores.MEMORY);
        }

        public Services withFollowerStores(FollowerStores stores) {
            return new Services(credentials, privateServices, controlServices, identityFallback, stores);
        }
    }

    private final DaemonConfig config;
    private final BeaconSupervisor supervisor;
    private final Services services;
    private final ExecutorService streams;
    /** The private listener's calls but PartialBeacon (see {@link InlinePartials}). */
    private final ExecutorService calls;
    private final HealthStatusManager health = new HealthStatusManager();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final OperatorSync operatorSync;
    private final ClockSkew clockSkew = new ClockSkew(ClockSkew.DEFAULT_THRESHOLD_SECONDS);
    private PeerClocks peerClocks;
    private AutoCloseable probeOnChange;
    private Server privateServer;
    private Server controlServer;
    private volatile boolean closed;

    public Daemon(DaemonConfig config, BeaconSupervisor supervisor, Services services) {
        this.config = config;
        this.supervisor = supervisor;
        this.services = services;
        AtomicInteger n = new AtomicInteger();
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdrand-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger c = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdrand-grpc-call-" + c.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.operatorSync = new OperatorSync(supervisor, this::ownAddresses, services.followerStores());
    }

    /** A plaintext daemon with its own supervisor and no folder: tests, benchmarks. */
    public static Daemon standalone(DaemonConfig config, Scheduler scheduler, BlsBackend backend) {
        return standalone(config, scheduler, backend, new SecureRandom(), Services.none());
    }

    /** As {@link #standalone(DaemonConfig, Scheduler, BlsBackend)} with a given peer order and services. */
    public static Daemon standalone(DaemonConfig config, Scheduler scheduler, BlsBackend backend, SecureRandom random,
            Services services) {
        return new Daemon(config, BeaconSupervisor.standalone(scheduler, backend, random), services);
    }

    public BeaconSupervisor supervisor() {
        return supervisor;
    }

    /** Each group peer's clock against ours, from the periodic Status exchange (jdrand_*clock_skew_seconds). */
    public ClockSkew clockSkew() {
        return clockSkew;
    }

    /** Every other member of a running group → one beacon ID it is a member of. */
    private Map<String, String> clockPeers() {
        Map<String, String> out = new TreeMap<>();
        for (BeaconProcess p : supervisor.beacons()) {
            String self = p.self().map(Group.Member::address).orElse(null);
            p.group().nodes().stream().map(Group.Member::address).filter(a -> !a.equals(self))
                    .forEach(a -> out.putIfAbsent(a, p.id()));
        }
        return out;
    }

    /** Binds the listeners; beacon processes can be added before or after. */
    public synchronized Daemon start() throws IOException {
        BeaconRouter router = new BeaconRouter(supervisor);
        VersionGate gate = new VersionGate(ProtoMapper.NODE_VERSION);
        NettyServerBuilder priv = NettyServerBuilder.forAddress(HostPort.parse(config.privateListen(), "0.0.0.0"),
                        services.credentials())
                .maxConcurrentCallsPerConnection(256)
                .intercept(ProtocolService.remoteAddressInterceptor()) // SyncChain callback IDs
                .intercept(PeerClocks.timeHeader(supervisor.scheduler().clock())) // peers' skew estimate
                .addStreamTracerFactory(new org.jdrand.node.grpc.OversizedMessageCounter(supervisor::observer))
                .addService(health.getHealthService());
        InlinePartials.install(priv, calls); // partials: transport thread → engine thread, no hop between
        PublicService pub = new PublicService(router, streams);
        ProtocolService proto = new ProtocolService(router, streams, services.identityFallback());
        if (config.disableVersionCheck()) {
            priv.addService(pub).addService(proto);
        } else {
            priv.addService(ServerInterceptors.intercept(pub, gate)).addService(ServerInterceptors.intercept(proto, gate));
        }
        services.privateServices().forEach(svc -> priv.addService(disableGate(svc, gate)));
        privateServer = listen(priv.build(), "--private-listen " + config.privateListen());
        InetSocketAddress control = HostPort.parse(config.controlListen(), "127.0.0.1");
        NettyServerBuilder ctl = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", control.getPort()))
                .addService(new ControlService(router, this::shutdownRequested)
                        .withPeers(supervisor.channels()::channel).withLoading(supervisor::load)
                        .withChainSync(operatorSync));
        services.controlServices().forEach(ctl::addService);
        controlServer = listen(ctl.build(), "--control " + control.getPort());
        health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        peerClocks = new PeerClocks(supervisor.scheduler(), supervisor.channels()::channel, this::clockPeers, clockSkew,
                PeerClocks.DEFAULT_INTERVAL).start();
        PeerClocks clocks = peerClocks;
        probeOnChange = supervisor.subscribe(running -> clocks.probeAll()); // new peers: now, not an interval later
        LOG.info("daemon listening private={} control={}", privateAddress(), controlPort());
        return this;
    }

    private static io.grpc.Server listen(io.grpc.Server server, String flag) throws IOException {
        try {
            return server.start();
        } catch (IOException e) {
            throw ListenFailure.named(flag, e); // start() only binds
        }
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

    /** This daemon's own addresses, left out of the peers an operator names. */
    private java.util.Set<String> ownAddresses() {
        int port = privatePort();
        return new java.util.HashSet<>(List.of(privateAddress(), "127.0.0.1:" + port, "localhost:" + port));
    }

    private void shutdownRequested(String beaconId) {
        // answer the RPC first, then stop off the gRPC thread
        CompletableFuture.runAsync(() -> {
            if (beaconId.isEmpty()) {
                close();
            } else {
                supervisor.stop(beaconId);
            }
        });
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
        if (peerClocks != null) {
            try {
                probeOnChange.close();
            } catch (Exception e) {
                // a list removal: cannot fail
            }
            peerClocks.close();
        }
        operatorSync.close();
        supervisor.close();
        for (Server s : new Server[] {privateServer, controlServer}) {
            if (s != null) {
                s.shutdownNow();
            }
        }
        streams.shutdownNow();
        for (Server s : new Server[] {privateServer, controlServer}) {
            if (s != null) {
                try {
                    s.awaitTermination(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        calls.shutdown();
        LOG.info("daemon stopped");
        stopped.countDown();
    }
}
