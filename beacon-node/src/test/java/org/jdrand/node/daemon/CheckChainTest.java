package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.proto.drand.SyncProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * StartCheckChain: a store with a corrupted round, a round deleted under it and rounds missing
 * past its head; a dry run (own address only) reports them and writes nothing, a check with a
 * peer re-fetches, verifies and writes them.
 */
@Timeout(120)
class CheckChainTest {

    @Test
    void dryRunReportsBadRoundsThenACheckWithAPeerRepairsThem(@TempDir Path dir) throws Exception {
        FollowerStores sqlite = info -> SqliteChainStore.open(dir.resolve("chain.sqlite"), info);
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 12, TestNetwork.all(3));
            byte[] hash = net.group.chainInfo().hash();
            Daemon node = f.start(sqlite);
            f.control(node).startFollowChain(f.request(12, hash, f.node(0))).forEachRemaining(x -> { });
            net.runRounds(13, 15, TestNetwork.all(3));
            List<Beacon> honest = net.chain(0, 15);
            BeaconProcess p = node.supervisor().byId("default").orElseThrow();

            // round 5 corrupted (it and round 6, which chains on it, no longer verify) and round 9 lost
            p.store().repair(new Beacon(5, honest.get(2).signature(), honest.get(3).signature()));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chain.sqlite"));
                    Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM beacons WHERE round = 9")).isEqualTo(1);
            }

            // own address only: dry run
            assertThatThrownBy(() -> f.control(node).startCheckChain(f.request(15, null, node.privateAddress()))
                    .forEachRemaining(x -> { }))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
                        assertThat(e.getStatus().getDescription())
                                .startsWith("check: 7 invalid or missing round(s) in 1..15: 5..6, 9..10, 13..15 (dry run");
                    });
            assertThat(p.store().get(5).orElseThrow().signature()).isEqualTo(honest.get(2).signature());
            assertThat(p.store().get(9)).isEmpty();

            List<SyncProgress> got = new ArrayList<>();
            f.control(node).startCheckChain(f.request(15, null, node.privateAddress(), f.node(1)))
                    .forEachRemaining(got::add);
            List<long[]> pairs = FollowerNodes.pairs(got);
            assertThat(pairs).anySatisfy(x -> assertThat(x).containsExactly(15, 15));
            assertThat(pairs.get(pairs.size() - 1)).containsExactly(7, 7);
            assertThat(p.store().range(1, 15)).isEqualTo(honest);
            assertThat(p.engine().lastRound()).isEqualTo(15);

            // nothing left to repair
            List<SyncProgress> again = new ArrayList<>();
            f.control(node).startCheckChain(f.request(0, null, node.privateAddress())).forEachRemaining(again::add);
            assertThat(FollowerNodes.pairs(again).get(again.size() - 1)).containsExactly(15, 15);
        }
    }

    @Test
    void checkingAnUnknownBeaconSaysWhatToDo() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            Daemon node = f.start(null);
            assertThatThrownBy(() -> f.control(node).startCheckChain(f.request(0, null, f.node(0)))
                    .forEachRemaining(x -> { }))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).contains("no beacon default").contains("--follow");
                    });
        }
    }
}
