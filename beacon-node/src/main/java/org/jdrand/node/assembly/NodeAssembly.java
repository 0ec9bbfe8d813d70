package org.jdrand.node.assembly;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.daemon.BeaconLoader;
import org.jdrand.node.daemon.BeaconSetup;
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.daemon.FolderBeacons;
import org.jdrand.node.daemon.HostPort;
import org.jdrand.node.daemon.ListenFailure;
import org.jdrand.node.dkg.DaemonBeacons;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.grpc.MetricsGrpcService;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.grpc.dkg.DkgControlService;
import org.jdrand.node.grpc.dkg.DkgPublicService;
import org.jdrand.node.grpc.dkg.DkgWire;
import org.jdrand.node.grpc.dkg.GrpcDkgNetwork;
import org.jdrand.node.http.EngineBeaconSource;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.metrics.BuildInfo;
import org.jdrand.node.metrics.MetricsService;
import org.jdrand.node.metrics.NodeMetrics;
import org.jdrand.node.metrics.PeerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a node: builds the whole object graph once from a {@link NodeConfig}
 * (supervisor, metrics, public HTTP API, DKG, listeners), starts it in order and stops it in
 * reverse. The public HTTP API binds at start, before any beacon exists, and follows the
 * supervisor's beacon set from then on.
 */
public final class NodeAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAssembly.class);

    private final NodeConfig config;
    private final InstantSource clock;
    private final SystemScheduler scheduler;
    private final Bls bls;
    private final ExecutorService httpReads;
    private final BeaconSupervisor supervisor;
    private final NodeMetrics metrics;
    private final HttpApiService http;
    private final DaemonBeacons handoff;
    private final DkgProcess dkg;
    private final Daemon daemon;
    private MetricsService metricsListener;
    private boolean closed;

    private NodeAssembly(NodeConfig config, InstantSource clock, BlsBackend backend) {
        this.config = config;
        this.clock = clock;
        this.scheduler = new SystemScheduler(clock);
        this.bls = new Bls(backend);
        SecureRandom random = new SecureRandom();
        this.httpReads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jdrand-http-reads");
            t.setDaemon(true);
            return t;
        });
        FolderBeacons folderBeacons = new FolderBeacons(config.folder(), bls, config.stores(), clock);
        this.supervisor = new BeaconSupervisor(scheduler, backend, config.tls().channelCredentials(), folderBeacons,
                random);
        supervisor.subscribe(this::publish);
        BuildInfo build = BuildInfo.of(ProtoMapper.nodeVersion());
        this.metrics = NodeMetrics.forNode(supervisor, clock.instant().getEpochSecond(), build.version(),
                build.build(), build.buildEpochSec());
        this.http = config.publicListen() == null ? null : new HttpApiService(httpConfig(config), ChainRegistry.none(),
                clock, metrics.httpObserver());
        this.handoff = new DaemonBeacons(supervisor, config.folder(), bls, scheduler,
                (keys, group) -> config.stores().open(group.chainInfo(), keys.chainDbFile()));
        this.dkg = new DkgProcess(config.folder(), bls, scheduler,
                new GrpcDkgNetwork(supervisor.channels()::channel), handoff, config.dkgTimeouts(), random, metrics);
        Daemon.Services services = new Daemon.Services(config.tls().serverCredentials(),
                List.of(new MetricsGrpcService(metrics::scrapeText), new DkgPublicService(dkg)),
                List.of(new DkgControlService(dkg)), folderBeacons::identity,
                info -> config.stores().open(info, new KeyStore(config.folder(), info.beaconId(), bls).chainDbFile()));
        this.daemon = new Daemon(new DaemonConfig(config.privateListen(), config.control(),
                config.disableVersionCheck()), supervisor, services);
        metrics.clockSkew(daemon.clockSkew());
    }

    private static HttpConfig httpConfig(NodeConfig config) {
        InetSocketAddress a = HostPort.parse(config.publicListen(), "0.0.0.0");
        return HttpConfig.of(a.getHostString(), a.getPort()).withIoThreads(config.httpIoThreads());
    }

    /**
     * Builds and starts a node: the public HTTP API, the DKG, the listeners, every beacon of the
     * folder that has a group and a share, and the metrics listener. On failure everything
     * started so far is stopped again.
     */
    public static NodeAssembly start(NodeConfig config, InstantSource clock, BlsBackend backend) throws Exception {
        NodeAssembly node = new NodeAssembly(config, clock, backend);
        try {
            node.startAll();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void startAll() throws Exception {
        if (http != null) {
            try {
                http.start();
            } catch (Exception e) {
                throw ListenFailure.namedIfBind("--public-listen " + config.publicListen(), e);
            }
        }
        dkg.start();
        daemon.start();
        List<String> ids = config.beaconId() != null ? List.of(KeyStore.requireBeaconId(config.beaconId()))
                : BeaconLoader.beaconIds(config.folder());
        for (String id : ids) {
            Optional<BeaconSetup> setup = BeaconLoader.load(new KeyStore(config.folder(), id, bls), config.stores(),
                    clock);
            if (setup.isEmpty()) {
                LOG.info("beacon not loaded id={} reason=no group or share yet (run a DKG)", id);
                continue;
            }
            supervisor.start(setup.get());
        }
        if (http != null && supervisor.beacons().isEmpty()) {
            LOG.info("public HTTP serves the status page; chains appear after the DKG address={}", http.address());
        }
        if (config.metrics() != null) {
            try {
                metricsListener = new MetricsService(MetricsService.parseFlag(config.metrics()), metrics,
                        PeerMetrics.of(supervisor)).start();
            } catch (IOException e) {
                throw ListenFailure.namedIfBind("--metrics " + config.metrics(), e);
            }
        }
    }

    /** The supervisor's listener: the public HTTP API serves exactly the running beacons. */
    private void publish(Collection<BeaconProcess> running) {
        if (http == null) {
            return;
        }
        try {
            http.publish(running.isEmpty() ? ChainRegistry.none()
                    : EngineBeaconSource.registry(new ArrayList<>(running), httpReads));
        } catch (Exception e) {
            LOG.error("public HTTP could not publish the beacons {}: {}",
                    running.stream().map(BeaconProcess::id).sorted().toList(), e.getMessage(), e);
        }
    }

    public Daemon daemon() {
        return daemon;
    }

    public BeaconSupervisor supervisor() {
        return supervisor;
    }

    /** The public HTTP API's bound address, if the node has one. */
    public Optional<InetSocketAddress> httpAddress() {
        return http == null ? Optional.empty() : Optional.of(http.address());
    }

    /** Blocks until the daemon is stopped (control Shutdown, or {@link #close}). */
    public void awaitStop() throws InterruptedException {
        daemon.awaitStop();
    }

    /** Stops everything, in reverse order of start; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dkg.close();
        handoff.close();
        if (http != null) {
            http.close();
        }
        if (metricsListener != null) {
            metricsListener.close();
        }
        daemon.close();
        httpReads.shutdownNow();
        scheduler.close();
    }
}
