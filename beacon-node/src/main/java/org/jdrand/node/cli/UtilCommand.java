package org.jdrand.node.cli;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.IdentityRequest;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdrand util ...}: checks and maintenance an operator needs around a node. */
@Command(name = "util", mixinStandardHelpOptions = true,
        description = {"Checks and maintenance: reach other nodes, show status, back up, reset or trim a beacon."},
        subcommands = {UtilCommand.Check.class, UtilCommand.Status.class, UtilCommand.Backup.class,
            UtilCommand.Reset.class, UtilCommand.DelBeacon.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util check --tls-ca ca.pem node1.example.org:4444 node2.example.org:4444",
            "  jdrand util status", "  jdrand util backup --out /backup/chain.sqlite"})
public final class UtilCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Asks each node for its identity (GetIdentity) and reports which answer."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand util check node1.example.org:4444 node2.example.org:4444",
                "  jdrand util check --insecure 127.0.0.1:4444   # plaintext node"})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "HOST:PORT", description = "Nodes to check.")
        List<String> addresses = new ArrayList<>();

        @Option(names = "--id", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
        String beaconId;

        @Mixin
        PeerDialOptions dial;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            for (String a : addresses) {
                ManagedChannel ch = Grpc.newChannelBuilder(a, dial.dialOnly().channelCredentials()).build();
                try {
                    IdentityResponse r = ProtocolGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getIdentity(IdentityRequest.newBuilder()
                                    .setMetadata(Metadata.newBuilder().setBeaconID(beaconId)).build());
                    boolean same = r.getAddress().equals(a);
                    out.println(a + " ok key=" + Hex.shortHex(r.getKey().toByteArray()) + " scheme=" + r.getSchemeName()
                            + (same ? "" : " WARNING: it calls itself " + r.getAddress()));
                } catch (StatusRuntimeException e) {
                    failed++;
                    out.println(a + " FAILED: " + e.getStatus().getCode() + " " + e.getStatus().getDescription()
                            + (dial.insecure ? "" : " (TLS by default; --insecure for plaintext nodes)"));
                } finally {
                    ch.shutdownNow();
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Shows the local beacon's status: DKG, beacon process, chain store."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util status --control 8888 --id default"})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControlOptions ctl;

        @Override
        public Integer call() {
            try (ControlClient c = new ControlClient(ctl.control)) {
                try {
                    StatusResponse s = ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .status(StatusRequest.newBuilder().setMetadata(Metadata.newBuilder()
                                    .setBeaconID(ctl.beaconId)).build());
                    PrintWriter out = spec.commandLine().getOut();
                    out.println("beacon " + ctl.beaconId + ": running=" + s.getBeacon().getIsRunning() + " serving="
                            + s.getBeacon().getIsServing() + " epoch=" + s.getEpoch());
                    out.println("chain store: empty=" + s.getChainStore().getIsEmpty() + " last="
                            + s.getChainStore().getLastStored() + " expected=" + s.getChainStore().getExpectedLast());
                    s.getConnectionsMap().forEach((k, v) -> out.println("peer " + k + ": " + (v ? "ok" : "unreachable")));
                    return 0;
                } catch (StatusRuntimeException e) {
                    spec.commandLine().getErr().println("util status: " + c.explain(e));
                    return 1;
                }
            }
        }
    }

    /** --folder and --id for the offline commands. */
    static final class FolderOptions {
        @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
        Path folder = Path.of(System.getProperty("user.home"), ".drand");

        @Option(names = "--id", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
        String beaconId;

        KeyStore keys() {
            return new KeyStore(folder, beaconId, new Bls(BlsBackends.fromSystemProperty(s -> { })));
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Copies the beacon's SQLite chain store consistently, even while the daemon runs",
                "(SQLite VACUUM INTO: never a torn copy of a live file)."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util backup --folder ~/.drand --out /backup/chain.sqlite"})
    static final class Backup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        FolderOptions f;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Backup file (must not exist).")
        Path out;

        @Override
        public Integer call() {
            Path db = f.keys().chainDbFile();
            if (!Files.exists(db)) {
                spec.commandLine().getErr().println("util backup: no chain store at " + db + " (check --folder/--id)");
                return 1;
            }
            if (Files.exists(out)) {
                spec.commandLine().getErr().println("util backup: " + out + " exists (refusing to overwrite)");
                return 1;
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                 Statement st = c.createStatement()) {
                st.execute("VACUUM INTO '" + out.toAbsolutePath().toString().replace("'", "''") + "'");
                spec.commandLine().getOut().println("chain store " + db + " backed up to " + out);
                return 0;
            } catch (Exception e) {
                spec.commandLine().getErr().println("util backup: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Deletes the beacon's share, group file and chain store; keeps the key pair.",
                "Stop the daemon first. Needs --yes."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util reset --folder ~/.drand --id default --yes"})
    static final class Reset implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        FolderOptions f;

        @Option(names = "--yes", description = "Really delete.")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            KeyStore ks = f.keys();
            List<Path> files = List.of(ks.shareFile(), ks.groupFile(), ks.chainDbFile(),
                    Path.of(ks.chainDbFile() + "-wal"), Path.of(ks.chainDbFile() + "-shm"));
            if (!yes) {
                spec.commandLine().getErr().println("util reset: would delete " + files + "; add --yes to do it");
                return 1;
            }
            for (Path p : files) {
                if (Files.deleteIfExists(p)) {
                    spec.commandLine().getOut().println("deleted " + p);
                }
            }
            return 0;
        }
    }

    @Command(name = "del-beacon", mixinStandardHelpOptions = true,
            description = {"Deletes rounds ROUND..head from the beacon's SQLite chain store (daemon stopped);",
                "the next start syncs them again from peers."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util del-beacon --folder ~/.drand 1200"})
    static final class DelBeacon implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        FolderOptions f;

        @Parameters(paramLabel = "ROUND", description = "First round to delete (>= 1).")
        long round;

        @Override
        public Integer call() {
            if (round < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "util del-beacon: round " + round
                        + " (expected >= 1: the genesis beacon stays)");
            }
            KeyStore ks = f.keys();
            try {
                Group g = ks.loadGroup();
                SqliteChainStore store = SqliteChainStore.open(ks.chainDbFile(), g.chainInfo());
                try {
                    long last = store.last().round();
                    store.deleteFrom(round);
                    spec.commandLine().getOut().println("deleted rounds " + round + ".." + last + "; last is now "
                            + store.last().round());
                } finally {
                    store.close();
                }
                return 0;
            } catch (Exception e) {
                spec.commandLine().getErr().println("util del-beacon: " + e.getMessage());
                return 1;
            }
        }
    }
}
