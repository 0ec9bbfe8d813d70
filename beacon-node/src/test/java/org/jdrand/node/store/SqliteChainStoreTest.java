package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteChainStoreTest extends ChainStoreContractTest {

    @TempDir
    Path dir;

    private Path fileOf(FakeChain chain) {
        return dir.resolve(chain.info().beaconId()).resolve("chain.sqlite");
    }

    @Override
    protected ChainStore create(FakeChain chain) throws Exception {
        return SqliteChainStore.open(fileOf(chain), chain.info());
    }

    @Override
    protected ChainStore reopen(FakeChain chain) throws Exception {
        return SqliteChainStore.open(fileOf(chain), chain.info());
    }

    @Override
    protected ChainStore reopenAs(FakeChain stored, FakeChain other) throws Exception {
        return SqliteChainStore.open(fileOf(stored), other.info());
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Test
    void usesWalAndFullSynchronousCommits() throws Exception {
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            s.append(chained.beacon(1));
            assertThat(Files.exists(Path.of(s.file() + "-wal"))).isTrue();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void storesOnlyRoundAndSignature() throws Exception {
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            s.appendAll(chained.beacons(1, 3));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(chained));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM beacons WHERE round = 2")) {
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
            rs.next();
            assertThat(rs.getBytes("signature")).isEqualTo(chained.signature(2));
        }
    }

    @Test
    void refusesAFileWithAHoleInTheChain() throws Exception {
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            s.appendAll(chained.beacons(1, 5));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(chained));
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM beacons WHERE round = 3");
        }
        assertThatThrownBy(() -> SqliteChainStore.open(fileOf(chained), chained.info()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("5 rounds stored up to round 5 (expected contiguous rounds 0..5)");
    }
}
