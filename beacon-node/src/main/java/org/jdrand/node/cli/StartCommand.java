package org.jdrand.node.cli;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.dkg.DaemonBeacons;
import org.jdrand.node.dkg.DkgControlService;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.dkg.DkgPublicService;
import org.jdrand.node.dkg.GrpcDkgNetwork;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.node.tls.TlsConfig;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jdrand start}: the daemon. Private listener (Public, Protocol, DKGPublic), control
 * listener on 127.0.0.1 (Control, DKGControl), every beacon ID of the folder that has a group
 * and share, and the DKG process for the others. The composition root: the only place that
 * reads the system clock.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Starts the jdrand daemon: runs every beacon of --folder and takes part in DKG ceremonies."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand start --folder ~/.drand --private-listen 0.0.0.0:4444 --tls-cert cert.pem --tls-key key.pem",
            "  jdrand start --folder /tmp/n1 --private-listen 127.0.0.1:4444 --control 8881 --insecure   # trusted LAN",
            "Stop it with 'jdrand stop --control PORT' or SIGTERM."})
public final class StartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--private-listen", required = true, paramLabel = "HOST:PORT",
            description = "Listener for other nodes (gRPC); its address must match the key pair's.")
    String privateListen;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
            description = "Control port, bound on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--db", paramLabel = "TYPE", defaultValue = "sqlite",
            description = "Chain store: sqlite (durable, default) or memdb (last --memdb-size rounds).")
    String db;

    @Option(names = "--memdb-size", paramLabel = "N", defaultValue = "2000", description = "Rounds kept by memdb.")
    int memdbSize;

    @Option(names = "--tls-cert", paramLabel = "CERT.pem", description = "Serve TLS on the private listener with this certificate chain.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "PKCS#8 PEM private key of --tls-cert.")
    Path tlsKey;

    @Mixin
    PeerDialOptions dial;

    @Option(names = "--dkg-phase-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Time each DKG phase may take when fast sync cannot end it early (drand: ${DEFAULT-VALUE}; "
                    + "raise it for large groups).")
    Duration phaseTimeout;

    @Option(names = "--dkg-kickoff-grace", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Delay between 'dkg execute' and the DKG start, for every node to hear of it "
                    + "(drand: ${DEFAULT-VALUE}).")
    Duration kickoffGrace;

    @Option(names = "--disable-version-check", description = "Accept peers of any version (DISABLE_VERSION_CHECK=1).")
    boolean disableVersionCheck = "1".equals(System.getenv("DISABLE_VERSION_CHECK"));

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TlsConfig tls;
        try {
            tls = new TlsConfig(tlsCert, tlsKey, dial.caFile, dial.insecure);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "start: " + e.getMessage());
        }
        if (!db.equals("sqlite") && !db.equals("memdb")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "start: --db " + db
                    + " (expected sqlite or memdb)");
        }
        Bls bls = new Bls(BlsBackends.fromSystemProperty(err::println));
        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        Daemon daemon = new Daemon(new DaemonConfig(privateListen, control, disableVersionCheck), scheduler,
                bls.backend());
        daemon.setTls(tls);
        DaemonBeacons beacons = new DaemonBeacons(daemon, folder, bls, scheduler, (keys, group) ->
                db.equals("memdb") ? new MemoryChainStore(group.chainInfo(), memdbSize)
                        : SqliteChainStore.open(keys.chainDbFile(), group.chainInfo()));
        DkgProcess dkg = new DkgProcess(folder, bls, scheduler, new GrpcDkgNetwork(daemon::peerChannel), beacons,
                new DkgProcess.Timeouts(phaseTimeout, kickoffGrace), new SecureRandom()).start();
        daemon.addPrivateService(new DkgPublicService(dkg))
                .addControlService(new DkgControlService(dkg))
                .setIdentityFallback(id -> identity(bls, id));
        daemon.start();
        List<String> ids = KeyStore.beaconIds(folder);
        if (ids.isEmpty()) {
            err.println("start: no key pair in " + folder + " yet: run 'jdrand generate-keypair --folder " + folder
                    + " <host:port>' and restart");
        }
        for (String id : ids) {
            if (beacons.startFromDisk(id)) {
                out.println("beacon " + id + " running from its group file");
            } else {
                out.println("beacon " + id + " waiting for a DKG ceremony (see 'jdrand dkg --help')");
            }
        }
        out.println("jdrand daemon running: private=" + daemon.privateAddress() + " control=127.0.0.1:"
                + daemon.controlPort() + " " + tls.describe() + " folder=" + folder);
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dkg.close();
            daemon.close();
            beacons.close();
            scheduler.close();
        }, "jdrand-shutdown"));
        daemon.awaitStop();
        dkg.close();
        beacons.close();
        scheduler.close();
        return 0;
    }

    private Optional<IdentityResponse> identity(Bls bls, String beaconId) {
        KeyStore ks = new KeyStore(folder, beaconId, bls);
        if (!ks.hasKeyPair()) {
            return Optional.empty();
        }
        try {
            NodeIdentity id = ks.loadIdentity();
            return Optional.of(IdentityResponse.newBuilder().setAddress(id.address())
                    .setKey(ByteString.copyFrom(id.key().toBytes())).setSignature(ByteString.copyFrom(id.signature()))
                    .setSchemeName(id.scheme().id()).setMetadata(Metadata.newBuilder().setBeaconID(beaconId)).build());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
