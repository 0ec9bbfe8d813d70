package org.jdrand.node.cli;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.jdrand.proto.drand.Address;
import org.jdrand.proto.drand.BackupDBRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.ListSchemesRequest;
import org.jdrand.proto.drand.RemoteStatusRequest;
import org.jdrand.proto.drand.RemoteStatusResponse;
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
        subcommands = {UtilCommand.Check.class, UtilCommand.Status.class, UtilCommand.RemoteStatus.class,
            UtilCommand.Ping.class, UtilCommand.ListSchemes.class, UtilCommand.Backup.class,
            UtilCommand.Reset.class, UtilCommand.DelBeacon.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util check --tls-ca ca.pem node1.example.org:4444 node2.example.org:4444",
            "  jdrand util status", "  jdrand util remote-status", "  jdrand util ping",
            "  jdrand util backup --out /backup/chain.sqlite"})
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
            description = {"Shows the local beacon's status: beacon process, chain store (last stored and expected "
                + "round) and whether each group member answers a health check (3 s each). --list-ids lists the"
                + " beacon IDs in --folder; --all shows the status of each of them."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand util status --control 8888 --id default",
                "  jdrand util status --list-ids --folder ~/.drand", "  jdrand util status --all --folder ~/.drand"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "1:the daemon refused or could not be "
                + "reached, or (--all) a beacon ID is not loaded", "2:invalid arguments"})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControlOptions ctl;

        @Option(names = "--list-ids", description = "List the beacon IDs found in --folder and stop.")
        boolean listIds;

        @Option(names = "--all", description = "Status of every beacon ID found in --folder.")
        boolean all;

        @Option(names = "--folder", paramLabel = "DIR", description = "Base folder for --list-ids/--all (default: ~/.drand).")
        Path folder = Path.of(System.getProperty("user.home"), ".drand");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> ids = List.of(ctl.beaconId);
            if (listIds || all) {
                try {
                    ids = KeyStore.beaconIds(folder);
                } catch (Exception e) {
                    spec.commandLine().getErr().println("util status: " + e.getMessage());
                    return 1;
                }
                if (listIds) {
                    if (ids.isEmpty()) {
                        spec.commandLine().getErr().println("util status: no beacon ID in " + folder
                                + " (check --folder)");
                        return 1;
                    }
                    ids.forEach(out::println);
                    return 0;
                }
            }
            int failed = 0;
            try (ControlClient c = new ControlClient(ctl.control)) {
                for (String id : ids) {
                    try {
                        StatusResponse s = ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
                                .status(StatusRequest.newBuilder().setMetadata(Metadata.newBuilder().setBeaconID(id))
                                        .build());
                        printStatus(out, "beacon " + id, s);
                    } catch (StatusRuntimeException e) {
                        failed++;
                        if (all && e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                            out.println("beacon " + id + ": not loaded (jdrand load --id " + id + ")");
                            continue;
                        }
                        spec.commandLine().getErr().println("util status: " + c.explain(e));
                        return 1;
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    /** One node's StatusResponse in the words of `util status`. */
    static void printStatus(PrintWriter out, String who, StatusResponse s) {
        out.println(who + ": running=" + s.getBeacon().getIsRunning() + " serving=" + s.getBeacon().getIsServing()
                + " epoch=" + s.getEpoch() + " last=" + s.getChainStore().getLastStored() + " expected="
                + s.getChainStore().getExpectedLast() + (s.getChainStore().getIsEmpty() ? " (empty chain)" : ""));
        new java.util.TreeMap<>(s.getConnectionsMap()).forEach((k, v) ->
                out.println("  peer " + k + ": " + (v ? "ok" : "UNREACHABLE")));
    }

    @Command(name = "remote-status", mixinStandardHelpOptions = true,
            description = {"Asks the local daemon to fetch the Status of other nodes (drand.Protocol/Status, 10 s each, "
                + "all at once): the listed HOST:PORT addresses, or every member of the beacon's group. Nodes "
                + "that do not answer are listed as UNREACHABLE and make the exit code 1."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand util remote-status                      # every group member",
                "  jdrand util remote-status --id quicknet node2.example.org:4444"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every node answered", "1:a node is unreachable, or the daemon refused or could not be "
                + "reached", "2:invalid arguments"})
    static final class RemoteStatus implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControlOptions ctl;

        @Parameters(arity = "0..*", paramLabel = "HOST:PORT", description = "Nodes to ask (default: the group).")
        List<String> addresses = new ArrayList<>();

        @Override
        public Integer call() {
            try (ControlClient c = new ControlClient(ctl.control)) {
                RemoteStatusRequest.Builder req = RemoteStatusRequest.newBuilder()
                        .setMetadata(Metadata.newBuilder().setBeaconID(ctl.beaconId));
                addresses.forEach(a -> req.addAddresses(Address.newBuilder().setAddress(a)));
                RemoteStatusResponse r;
                try {
                    r = ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                            .remoteStatus(req.build());
                } catch (StatusRuntimeException e) {
                    spec.commandLine().getErr().println("util remote-status: " + c.explain(e));
                    return 1;
                }
                PrintWriter out = spec.commandLine().getOut();
                int unreachable = 0;
                for (var e : new java.util.TreeMap<>(r.getStatusesMap()).entrySet()) {
                    if (!e.getValue().hasBeacon()) {
                        unreachable++;
                        out.println(e.getKey() + ": UNREACHABLE (no Status answer within 10 s)");
                    } else {
                        printStatus(out, e.getKey(), e.getValue());
                    }
                }
                for (String a : addresses) {
                    if (!r.containsStatuses(a)) {
                        unreachable++;
                        out.println(a + ": UNREACHABLE (no answer)");
                    }
                }
                return unreachable == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "ping", mixinStandardHelpOptions = true,
            description = {"Checks that the local daemon answers on its control port (PingPong)."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util ping --control 8888"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the daemon answered",
                "1:the daemon could not be reached", "2:invalid arguments"})
    static final class Ping implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
                description = "Control port of the local daemon (default: ${DEFAULT-VALUE}).")
        String control;

        @Override
        public Integer call() {
            try (ControlClient c = new ControlClient(control)) {
                try {
                    ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .pingPong(org.jdrand.proto.drand.Ping.getDefaultInstance());
                    spec.commandLine().getOut().println("daemon on control port " + control.trim() + " is alive");
                    return 0;
                } catch (StatusRuntimeException e) {
                    spec.commandLine().getErr().println("util ping: " + c.explain(e));
                    return 1;
                }
            }
        }
    }

    @Command(name = "list-schemes", mixinStandardHelpOptions = true,
            description = {"Lists the signature schemes the local daemon supports (scheme IDs for 'dkg init --scheme')."},
            footerHeading = "%nExample:%n", footer = {"  jdrand util list-schemes --control 8888"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "1:the daemon could not be reached",
                "2:invalid arguments"})
    static final class ListSchemes implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
                description = "Control port of the local daemon (default: ${DEFAULT-VALUE}).")
        String control;

        @Override
        public Integer call() {
            try (ControlClient c = new ControlClient(control)) {
                try {
                    ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listSchemes(ListSchemesRequest.getDefaultInstance()).getIdsList()
                            .forEach(spec.commandLine().getOut()::println);
                    return 0;
                } catch (StatusRuntimeException e) {
                    spec.commandLine().getErr().println("util list-schemes: " + c.explain(e));
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
            description = {"Asks the running daemon for a consistent copy of the beacon's chain store (BackupDatabase), "
                + "written as a SQLite file at --out on this machine. Safe while the daemon runs: SQLite stores"
                + " are copied with VACUUM INTO, never a torn copy of a live file; PostgreSQL and memdb stores "
                + "are copied round by round into a SQLite file. Restore: stop the node, put the file in place "
                + "of <folder>/multibeacon/<id>/db/jdrand.sqlite, start the node. Refuses to overwrite --out. "
                + "The file gets the daemon's umask (normally 0644): beacons are public."},
            footerHeading = "%nExamples:%n", footer = {"  jdrand util backup --out /backup/chain-$(date +%%F).sqlite",
                "  jdrand util backup --control 8888 --id quicknet --out quicknet.sqlite"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:backup written",
                "1:refused (file exists, ...) or the daemon could not be reached", "2:invalid arguments"})
    static final class Backup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControlOptions ctl;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Backup file (must not exist).")
        Path out;

        @Override
        public Integer call() {
            Path target = out.toAbsolutePath().normalize();
            if (Files.exists(target)) {
                spec.commandLine().getErr().println("util backup: " + target + " exists (refusing to overwrite)");
                return 1;
            }
            try (ControlClient c = new ControlClient(ctl.control)) {
                try {
                    ControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(30, TimeUnit.MINUTES)
                            .backupDatabase(BackupDBRequest.newBuilder().setOutputFile(target.toString())
                                    .setMetadata(Metadata.newBuilder().setBeaconID(ctl.beaconId)).build());
                    spec.commandLine().getOut().println("chain of beacon " + ctl.beaconId + " backed up to " + target);
                    return 0;
                } catch (StatusRuntimeException e) {
                    spec.commandLine().getErr().println("util backup: " + c.explain(e));
                    return 1;
                }
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
