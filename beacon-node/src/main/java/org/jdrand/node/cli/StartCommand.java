package org.jdrand.node.cli;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.daemon.BeaconLoader;
import org.jdrand.node.daemon.BeaconSetup;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.daemon.HostPort;
import org.jdrand.node.http.EngineBeaconSource;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.metrics.BuildInfo;
import org.jdrand.node.metrics.MetricsGrpcService;
import org.jdrand.node.metrics.MetricsService;
import org.jdrand.node.metrics.PeerMetrics;
import org.jdrand.node.metrics.NodeMetrics;
import org.jdrand.node.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrand start}: runs the daemon with every beacon ID found under {@code --folder} (or only
 * {@code --id}) that has a group file and a share, until SIGTERM/SIGINT or a control Shutdown.
 * The composition root of a real node: the only place that reads the system clock.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Starts the beacon daemon (drand start).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not start", "2:invalid arguments"})
public final class StartCommand implements Callable<Integer> {
    /** Loaded on first use: picocli instantiates every command, and logging must not start for other verbs. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--private-listen", required = true, paramLabel = "HOST:PORT",
            defaultValue = "${env:DRAND_PRIVATE_LISTEN}",
            description = "Listener for node-to-node gRPC (Public, Protocol, health).")
    String privateListen;

    @Option(names = "--public-listen", paramLabel = "HOST:PORT", defaultValue = "${env:DRAND_PUBLIC_LISTEN}",
            description = "Public HTTP listener (drand HTTP API v1/v2).")
    String publicListen;

    @Option(names = "--http-io-threads", paramLabel = "N", defaultValue = "${env:JDRAND_HTTP_IO_THREADS:-1}",
            description = "Event-loop threads of the public HTTP server (default ${DEFAULT-VALUE}: one thread "
                    + "serves over 100,000 requests/s and leaves the other cores to the beacon; 0 = Netty's "
                    + "choice, 2 per core).")
    int httpIoThreads;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "${env:DRAND_CONTROL:-8888}",
            description = "Control port, always bound on 127.0.0.1 (default: 8888).")
    String control;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT", defaultValue = "${env:DRAND_METRICS}",
            description = "Prometheus metrics listener: GET /metrics, /peer/<addr>; a bare port binds 127.0.0.1.")
    String metrics;

    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ~/.drand).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--id", paramLabel = "ID", description = "Run only this beacon ID (default: all found).")
    String beaconId;

    @Option(names = "--db", paramLabel = "bolt|sqlite|postgres|memdb", defaultValue = "bolt",
            description = "Chain store: bolt/sqlite = embedded SQLite (default), postgres, memdb.")
    String db;

    @Option(names = "--pg-dsn", paramLabel = "DSN", description = "PostgreSQL DSN (drand's format).")
    String pgDsn;

    @Option(names = "--memdb-size", paramLabel = "N", defaultValue = "2000", description = "memdb ring size.")
    int memdbSize;

    @Option(names = "--verbose", description = "Debug logging.")
    boolean verbose;

    @Option(names = "--json", description = "Log one JSON object per line.")
    boolean json;

    // hook (ceremony): TLS between nodes and the DKG's timing
    @Option(names = "--tls-cert", paramLabel = "CERT.pem",
            description = "Serve TLS on the private listener with this PEM certificate chain.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "PKCS#8 PEM private key of --tls-cert.")
    Path tlsKey;

    @CommandLine.Mixin
    PeerDialOptions dial;

    @Option(names = "--tls-disable", hidden = true, description = "Old drand flag: use --insecure.")
    boolean tlsDisable;

    @Option(names = "--dkg-phase-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Time each DKG phase may take when fast sync cannot end it early (drand: ${DEFAULT-VALUE}; "
                    + "raise it for large groups).")
    java.time.Duration phaseTimeout;

    @Option(names = "--dkg-kickoff-grace", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Delay between 'dkg execute' and the DKG start, for every node to hear of it "
                    + "(drand: ${DEFAULT-VALUE}).")
    java.time.Duration kickoffGrace;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        StoreConfig storeConfig;
        try {
            storeConfig = StoreConfig.fromFlags(db, pgDsn, memdbSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "start: " + e.getMessage());
        }
        if (httpIoThreads < 0) {
            throw new CommandLine.ParameterException(cmd,
                    "start: --http-io-threads " + httpIoThreads + " (expected 0 for Netty's choice, or more)");
        }
        org.jdrand.node.tls.TlsConfig tls;
        try {
            tls = new org.jdrand.node.tls.TlsConfig(tlsCert, tlsKey, dial.caFile, dial.insecure || tlsDisable);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "start: " + e.getMessage());
        }
        if (json) {
            JsonLogs.install();
        }
        if (verbose && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        BlsBackend backend = BlsBackends.fromSystemProperty(cmd.getErr()::println);
        Log.LOG.info("bls backend={} hashToG2={}{}", backend.name(), backend.hashToCurvePath(),
                backend.hashToCurveNote().isEmpty() ? "" : " (" + backend.hashToCurveNote() + ")");
        InstantSource clock = InstantSource.system();
        SystemScheduler scheduler = new SystemScheduler(clock);
        boolean noVersionCheck = "1".equals(System.getenv("DISABLE_VERSION_CHECK"));
        Daemon daemon = new Daemon(new DaemonConfig(privateListen, control, noVersionCheck), scheduler, backend);
        daemon.setTls(tls);
        BuildInfo build = BuildInfo.of(ProtoMapper.NODE_VERSION);
        NodeMetrics nodeMetrics = NodeMetrics.forDaemon(daemon, clock.instant().getEpochSecond(), build.version(),
                build.build(), build.buildEpochSec());
        daemon.setObserver(nodeMetrics);
        daemon.addPrivateService(new MetricsGrpcService(nodeMetrics));
        MetricsService metricsService = null;
        Bls bls = new Bls(backend);
        org.jdrand.node.dkg.DaemonBeacons beacons = new org.jdrand.node.dkg.DaemonBeacons(daemon, folder, bls, scheduler,
                (keys, group) -> storeConfig.open(group.chainInfo(), keys.chainDbFile()));
        org.jdrand.node.dkg.DkgProcess dkg = new org.jdrand.node.dkg.DkgProcess(folder, bls, scheduler,
                new org.jdrand.node.dkg.GrpcDkgNetwork(daemon::peerChannel), beacons,
                new org.jdrand.node.dkg.DkgProcess.Timeouts(phaseTimeout, kickoffGrace), new java.security.SecureRandom());
        ExecutorService httpReads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jdrand-http-reads");
            t.setDaemon(true);
            return t;
        });
        // hook (ceremony): beacons appear after a DKG and are replaced at a reshare transition, so the
        // public HTTP API is (re)started over the current beacon processes whenever that happens
        java.util.concurrent.atomic.AtomicReference<HttpApiService> httpRef = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable refreshHttp = () -> {
            if (publicListen == null || publicListen.isBlank()) {
                return;
            }
            synchronized (httpRef) {
                HttpApiService old = httpRef.getAndSet(null);
                if (old != null) {
                    old.close();
                }
                if (daemon.beacons().isEmpty()) {
                    Log.LOG.info("public HTTP waits for a beacon (after the DKG) address={}", publicListen);
                    return;
                }
                try {
                    java.net.InetSocketAddress a = HostPort.parse(publicListen, "0.0.0.0");
                    HttpApiService h = new HttpApiService(
                            HttpConfig.of(a.getHostString(), a.getPort()).withIoThreads(httpIoThreads),
                            EngineBeaconSource.registry(daemon.beacons(), httpReads), clock,
                            nodeMetrics.httpObserver()).start();
                    httpRef.set(h);
                    Log.LOG.info("public HTTP listening address={}", h.address());
                } catch (Exception e) {
                    Log.LOG.error("public HTTP failed to start address={} error={}", publicListen, e.getMessage());
                }
            }
        };
        beacons.onLaunch(refreshHttp);
        // hook (ops): control LoadBeacon (jdrand load --id) reads the same folder and store flags
        daemon.setBeaconFiles(new org.jdrand.node.daemon.FolderBeacons(folder, bls, storeConfig, clock), refreshHttp);
        // hook (operator sync): a followed chain goes to the same --db and is served like the others
        daemon.setFollowerStores(info -> storeConfig.open(info, new KeyStore(folder, info.beaconId(), bls).chainDbFile()));
        daemon.onFollowerAdded(refreshHttp);
        try {
            dkg.start();
            daemon.addPrivateService(new org.jdrand.node.dkg.DkgPublicService(dkg))
                    .addControlService(new org.jdrand.node.dkg.DkgControlService(dkg))
                    .setIdentityFallback(id -> beacons.identity(id));
            daemon.start();
            List<String> ids = beaconId != null ? List.of(KeyStore.requireBeaconId(beaconId)) : BeaconLoader.beaconIds(folder);
            for (String id : ids) {
                KeyStore keys = new KeyStore(folder, id, new Bls(backend));
                Optional<BeaconSetup> setup = BeaconLoader.load(keys, storeConfig, clock);
                if (setup.isEmpty()) {
                    Log.LOG.info("beacon not loaded id={} reason=no group or share yet (run a DKG)", id);
                    continue;
                }
                daemon.addBeacon(setup.get());
            }
            refreshHttp.run();
            if (metrics != null && !metrics.isBlank()) {
                metricsService = new MetricsService(MetricsService.parseFlag(metrics), nodeMetrics,
                        PeerMetrics.of(daemon)).start();
            }
        } catch (Exception e) {
            cmd.getErr().println("start: " + e.getMessage());
            dkg.close();
            if (httpRef.get() != null) {
                httpRef.get().close();
            }
            if (metricsService != null) {
                metricsService.close();
            }
            httpReads.shutdownNow();
            daemon.close();
            scheduler.close();
            return 1;
        }
        MetricsService metricsListener = metricsService;
        Runnable stopAll = () -> {
            dkg.close();
            beacons.close();
            HttpApiService httpService = httpRef.get();
            if (httpService != null) {
                httpService.close();
            }
            if (metricsListener != null) {
                metricsListener.close();
            }
            daemon.close();
            httpReads.shutdownNow();
            scheduler.close();
        };
        Thread hook = new Thread(stopAll, "jdrand-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        cmd.getOut().println("jdrand running: private " + daemon.privateAddress() + ", control 127.0.0.1:"
                + daemon.controlPort() + ", beacons " + daemon.beacons().stream().map(p -> p.id()).sorted().toList()
                + ", " + tls.describe());
        cmd.getOut().flush();
        daemon.awaitStop();
        stopAll.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down (SIGTERM)
        }
        return 0;
    }
}
