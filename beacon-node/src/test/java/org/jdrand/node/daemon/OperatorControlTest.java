package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.cli.Main;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.node.store.StoreConfig;
import org.jdrand.proto.drand.Address;
import org.jdrand.proto.drand.BackupDBRequest;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.LoadBeaconRequest;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.RemoteStatusRequest;
import org.jdrand.proto.drand.ShutdownRequest;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's Control RPCs and their CLI commands against real daemons on loopback gRPC and a
 * fake clock: BackupDatabase, RemoteStatus, Status connections, LoadBeacon, SyncChain replacement
 * and a memdb node seeded from its peers.
 */
class OperatorControlTest {
    @TempDir
    Path dir;

    private TestNetwork net;
    private ManagedChannel control;

    @AfterEach
    void tearDown() {
        if (control != null) {
            control.shutdownNow();
        }
        if (net != null) {
            net.close();
        }
    }

    private ControlGrpc.ControlBlockingStub control(int node) {
        if (control != null) {
            control.shutdownNow();
        }
        control = Grpc.newChannelBuilder("127.0.0.1:" + net.daemons[node].controlPort(),
                InsecureChannelCredentials.create()).build();
        return ControlGrpc.newBlockingStub(control).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static Metadata id(String beaconId) {
        return Metadata.newBuilder().setBeaconID(beaconId).build();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        return Status.Code.OK;
    }

    /** Runs the CLI in-process; returns exit code and everything it printed. */
    private static Map.Entry<Integer, String> cli(String... args) {
        StringWriter text = new StringWriter();
        PrintWriter pw = new PrintWriter(text, true);
        int exit = new CommandLine(new Main()).setOut(pw).setErr(pw).execute(args);
        return Map.entry(exit, text.toString());
    }

    private String port(int node) {
        return String.valueOf(net.daemons[node].controlPort());
    }

    @Test
    void backupOfLiveStoresRestoresTheSameChain() throws Exception {
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default");
        SqliteChainStore live = SqliteChainStore.open(dir.resolve("live.sqlite"), net.group.chainInfo());
        net.stores[0] = live; // the SQLite store itself (VACUUM INTO); node 1 keeps a memory store
        net.startAll().runRounds(1, 6, TestNetwork.all(3));

        Path sqliteCopy = dir.resolve("sqlite-backup.sqlite");
        control(0).backupDatabase(BackupDBRequest.newBuilder().setOutputFile(sqliteCopy.toString())
                .setMetadata(id("default")).build());
        Path memoryCopy = dir.resolve("memory-backup.sqlite");
        Map.Entry<Integer, String> r = cli("util", "backup", "--control", port(1), "--out", memoryCopy.toString());
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("backed up to " + memoryCopy);

        // the daemon keeps running and producing while the copies are restored
        net.runRounds(7, 7, TestNetwork.all(3));
        List<Beacon> expected = net.chain(1, 6);
        for (Path copy : List.of(sqliteCopy, memoryCopy)) {
            SqliteChainStore restored = SqliteChainStore.open(copy, net.group.chainInfo());
            try {
                assertThat(restored.last().round()).isEqualTo(6);
                assertThat(restored.range(1, 100)).isEqualTo(expected);
                assertThat(net.verifier().isValid(restored.get(6).orElseThrow())).isTrue();
            } finally {
                restored.close();
            }
        }

        // never overwrites, never guesses a relative path
        long size = Files.size(sqliteCopy);
        assertThat(code(() -> control(0).backupDatabase(BackupDBRequest.newBuilder()
                .setOutputFile(sqliteCopy.toString()).build()))).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(Files.size(sqliteCopy)).isEqualTo(size);
        assertThat(code(() -> control(0).backupDatabase(BackupDBRequest.newBuilder()
                .setOutputFile("relative.sqlite").build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        r = cli("util", "backup", "--control", port(1), "--out", memoryCopy.toString());
        assertThat(r.getKey()).isEqualTo(1);
        assertThat(r.getValue()).contains("exists (refusing to overwrite)");
    }

    @Test
    void remoteStatusAndStatusReportANodeThatIsDown() throws Exception {
        net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "default").startAll();
        net.runRounds(1, 3, TestNetwork.all(3));
        String down = "127.0.0.1:" + net.ports[2];
        String up = "127.0.0.1:" + net.ports[1];
        String self = "127.0.0.1:" + net.ports[0];
        net.stop(2);

        Map<String, StatusResponse> all = control(0).remoteStatus(RemoteStatusRequest.newBuilder()
                .setMetadata(id("default")).build()).getStatusesMap();
        assertThat(all).containsOnlyKeys(self, up, down);
        assertThat(all.get(down).hasBeacon()).isFalse();
        assertThat(all.get(up).getChainStore().getLastStored()).isEqualTo(3);
        assertThat(all.get(self).getBeacon().getIsRunning()).isTrue();

        Map<String, StatusResponse> listed = control(0).remoteStatus(RemoteStatusRequest.newBuilder()
                .setMetadata(id("default")).addAddresses(Address.newBuilder().setAddress(up)).build()).getStatusesMap();
        assertThat(listed).containsOnlyKeys(up);

        StatusResponse status = control(0).status(StatusRequest.newBuilder().setMetadata(id("default")).build());
        assertThat(status.getConnectionsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(up, true, down, false));

        Map.Entry<Integer, String> r = cli("util", "remote-status", "--control", port(0));
        assertThat(r.getKey()).as(r.getValue()).isEqualTo(1);
        assertThat(r.getValue()).contains(down + ": UNREACHABLE").contains(up + ": running=true");
        r = cli("util", "remote-status", "--control", port(0), up);
        assertThat(r.getKey()).as(r.getValue()).isZero();
        r = cli("util", "status", "--control", port(0));
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("last=3").contains("peer " + down + ": UNREACHABLE")
                .contains("peer " + up + ": ok");
    }

    @Test
    void loadAfterStopBringsTheBeaconBackAndItResumes() throws Exception {
        // node 0 loads its beacon from memory, node 1 from an empty folder
        BeaconSupervisor.BeaconFiles fromMemory = beaconId -> Optional.of(new BeaconSetup(net.group,
                net.group.nodes().get(0), net.shares.get(0), net.stores[0], StartMode.CATCHUP));
        BeaconSupervisor.BeaconFiles fromFolder = new FolderBeacons(dir, new Bls(TestNetwork.BACKEND),
                StoreConfig.sqlite(), () -> net.clock.instant());
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default",
                i -> i == 0 ? fromMemory : i == 1 ? fromFolder : null).startAll();
        net.runRounds(1, 3, TestNetwork.all(3));

        assertThat(code(() -> control(0).loadBeacon(LoadBeaconRequest.newBuilder().setMetadata(id("default")).build())))
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        control(0).shutdown(ShutdownRequest.newBuilder().setMetadata(id("default")).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> net.daemons[0].supervisor().byId("default").isEmpty());
        net.runRounds(4, 6, 1, 2);

        Map.Entry<Integer, String> r = cli("load", "--control", port(0), "--id", "default");
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("beacon default loaded");
        net.awaitRound(6, 0);
        net.runRounds(7, 8, TestNetwork.all(3));
        assertThat(net.chain(0, 8)).isEqualTo(net.chain(1, 8));

        // files missing: a clear refusal, and picocli's exit code 2 for a missing --id
        r = cli("load", "--control", port(1), "--id", "other");
        assertThat(r.getKey()).isEqualTo(1);
        assertThat(r.getValue()).contains("beacon other has no key pair in " + dir);
        assertThat(cli("load", "--control", port(1)).getKey()).isEqualTo(2);
        // generate-keypair tells a running daemon (drand): the new beacon ID waits for a ceremony
        r = cli("generate-keypair", "--folder", dir.toString(), "--id", "other", "--control", port(1),
                "127.0.0.1:4444");
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("The daemon on control port " + port(1) + " loaded beacon ID \"other\"");
        r = cli("load", "--control", port(1), "--id", "other");
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("beacon other loaded: key pair only, waiting for a DKG");
    }

    @Test
    void secondSyncChainFromTheSameAddressReplacesTheFirst() throws Exception {
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
        net.runRounds(1, 3, TestNetwork.all(3));
        ManagedChannel peer = Grpc.newChannelBuilder("127.0.0.1:" + net.ports[0], InsecureChannelCredentials.create())
                .build();
        ManagedChannel other = Grpc.newChannelBuilder("127.0.0.1:" + net.ports[0], InsecureChannelCredentials.create())
                .build();
        try {
            SyncRequest from1 = SyncRequest.newBuilder().setFromRound(1).setMetadata(id("default")).build();
            Iterator<BeaconPacket> first = ProtocolGrpc.newBlockingStub(peer).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .syncChain(from1);
            Iterator<BeaconPacket> elsewhere = ProtocolGrpc.newBlockingStub(other)
                    .withDeadlineAfter(20, TimeUnit.SECONDS).syncChain(from1);
            assertThat(first.next().getRound()).isEqualTo(1);
            assertThat(elsewhere.next().getRound()).isEqualTo(1);
            Iterator<BeaconPacket> second = ProtocolGrpc.newBlockingStub(peer).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .syncChain(from1);
            assertThat(second.next().getRound()).isEqualTo(1);

            assertThatThrownBy(() -> {
                while (first.hasNext()) {
                    first.next();
                }
            }).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                assertThat(e.getStatus().getDescription()).contains("replaced");
            });
            // the new stream and the one from another connection go on with new rounds
            net.runRounds(4, 4, TestNetwork.all(3));
            for (Iterator<BeaconPacket> s : List.of(second, elsewhere)) {
                long round = 1;
                while (round < 4) {
                    round = s.next().getRound();
                }
                assertThat(round).isEqualTo(4);
            }
        } finally {
            peer.shutdownNow();
            other.shutdownNow();
        }
    }

    @Test
    void memdbNodeIsSeededFromPeersAfterRestart() throws Exception {
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default");
        for (int i = 0; i < 3; i++) {
            net.stores[i] = new KeptStore(new MemoryChainStore(net.group.chainInfo(), 10));
        }
        net.startAll().runRounds(1, 25, TestNetwork.all(3));
        net.stop(2);
        // memdb loses everything on restart; peers no longer hold round 1, so it must start from their recent chain
        MemoryChainStore fresh = new MemoryChainStore(net.group.chainInfo(), 10);
        net.stores[2] = fresh;
        net.restart(2);
        net.awaitRound(25, 2);
        assertThat(fresh.oldestRetainedRound()).isEqualTo(17);
        assertThat(fresh.range(17, 100)).isEqualTo(net.stores[0].range(17, 9));
        net.runRounds(26, 27, TestNetwork.all(3));
        assertThat(fresh.last()).isEqualTo(net.stores[0].last());
    }

    @Test
    void pingListSchemesAndAClosedControlPort() throws Exception {
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
        Map.Entry<Integer, String> r = cli("util", "ping", "--control", port(0));
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue()).contains("is alive");
        r = cli("util", "list-schemes", "--control", port(0));
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue().lines()).containsAll(Scheme.all().stream().map(Scheme::id).toList());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        r = cli("util", "ping", "--control", String.valueOf(closed));
        assertThat(r.getKey()).isEqualTo(1);
        assertThat(r.getValue()).contains("control port 127.0.0.1:" + closed)
                .contains("is 'jdrand start' running");
        assertThat(cli("util", "ping", "--no-such-flag").getKey()).isEqualTo(2);
        assertThat(cli("util", "remote-status", "--help").getValue()).contains("Examples:").contains("UNREACHABLE");
    }

    @Test
    void statusListsAndShowsEveryBeaconIdOfTheFolder() throws Exception {
        net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
        for (String beaconId : List.of("default", "quicknet")) {
            Files.createDirectories(dir.resolve("multibeacon").resolve(beaconId).resolve("key"));
        }
        Map.Entry<Integer, String> r = cli("util", "status", "--list-ids", "--folder", dir.toString());
        assertThat(r.getKey()).as(r.getValue()).isZero();
        assertThat(r.getValue().lines()).containsExactly("default", "quicknet");
        r = cli("util", "status", "--all", "--folder", dir.toString(), "--control", port(0));
        assertThat(r.getKey()).as(r.getValue()).isEqualTo(1);
        assertThat(r.getValue()).contains("beacon default: running=true")
                .contains("beacon quicknet: not loaded (jdrand load --id quicknet)");
    }
}
