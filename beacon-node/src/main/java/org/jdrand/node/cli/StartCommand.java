package org.jdrand.node.cli;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.node.assembly.NodeAssembly;
import org.jdrand.node.assembly.NodeConfig;
import org.jdrand.node.daemon.AotTrainingMark;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.FolderLock;
import org.jdrand.node.daemon.RoundPathWarmup;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.store.StoreConfig;
import org.jdrand.node.tls.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrand start}: runs the daemon with every beacon ID found under {@code --folder} (or only
 * {@code --id}) that has a group file and a share, until SIGTERM/SIGINT or a control Shutdown.
 * Parses the flags into a {@link NodeConfig}; {@link NodeAssembly} builds and runs the node. The
 * only place that reads the system clock.
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

    // TLS between nodes and the DKG's timing
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
        NodeConfig config;
        try {
            config = new NodeConfig(folder, beaconId, privateListen, publicListen, httpIoThreads, control, metrics,
                    StoreConfig.fromFlags(db, pgDsn, memdbSize),
                    new TlsConfig(tlsCert, tlsKey, dial.caFile, dial.insecure || tlsDisable),
                    new DkgProcess.Timeouts(phaseTimeout, kickoffGrace),
                    "1".equals(System.getenv("DISABLE_VERSION_CHECK")));
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
        Log.LOG.info("bls backend={} hashToCurve={}{}", backend.name(), backend.hashToCurvePath(),
                backend.hashToCurveNote().isEmpty() ? "" : " (" + backend.hashToCurveNote() + ")");
        FolderLock folderLock;
        try {
            folderLock = FolderLock.acquire(folder);
        } catch (java.io.IOException e) {
            cmd.getErr().println("start: " + e.getMessage());
            return 1;
        }
        NodeAssembly node;
        try {
            node = NodeAssembly.start(config, InstantSource.system(), backend);
        } catch (Exception e) {
            cmd.getErr().println("start: " + e.getMessage());
            folderLock.close();
            return 1;
        }
        AotTrainingMark.watch(node.supervisor()); // for the daemon's lifetime
        RoundPathWarmup.watch(node.supervisor(), node.httpAddress().isPresent());
        Thread hook = new Thread(node::close, "jdrand-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Daemon daemon = node.daemon();
        cmd.getOut().println("jdrand running: private " + daemon.privateAddress() + ", control 127.0.0.1:"
                + daemon.controlPort() + node.httpAddress().map(a -> ", public http " + a.getHostString() + ":"
                + a.getPort()).orElse("") + ", beacons "
                + node.supervisor().beacons().stream().map(p -> p.id()).sorted().toList() + ", "
                + config.tls().describe());
        cmd.getOut().flush();
        node.awaitStop();
        node.close();
        folderLock.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down (SIGTERM)
        }
        return 0;
    }
}
