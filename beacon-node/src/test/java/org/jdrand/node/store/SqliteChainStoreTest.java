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
    void aFullDatabaseIsReportedAsNoSpaceLeftOnDevice() throws Exception {
        // SQLite's own SQLITE_FULL, as a full disk raises it (a page limit stands in for the disk here;
        // DiskFullIT in system-tests fills a real file system under a node)
        java.sql.SQLException full;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("full.sqlite"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (b BLOB)");
            st.execute("PRAGMA max_page_count=3");
            full = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> st.execute("INSERT INTO t VALUES (zeroblob(100000))"), java.sql.SQLException.class);
        }
        assertThat(JdbcChainStore.describe(full)).startsWith("no space left on device (").contains("SQLITE_FULL");
        assertThat(JdbcChainStore.describe(new java.sql.SQLException("could not extend file", "53100")))
                .isEqualTo("no space left on device (could not extend file)");
        assertThat(JdbcChainStore.describe(new java.sql.SQLException("[SQLITE_BUSY] locked")))
                .isEqualTo("[SQLITE_BUSY] locked");
    }

    @Test
    void appendsAgainAfterTheDatabaseWasFull() throws Exception {
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            // the writer's page limit stands in for a full disk (SQLITE_FULL either way)
            java.lang.reflect.Field f = JdbcChainStore.class.getDeclaredField("writer");
            f.setAccessible(true);
            Connection writer = (Connection) f.get(s);
            long pages;
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                rs.next();
                pages = rs.getLong(1);
            }
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA max_page_count=" + pages);
            }
            long round = 1;
            StoreException full = null;
            for (; round < 2000 && full == null; round++) {
                try {
                    s.append(chained.beacon(round));
                } catch (StoreException e) {
                    full = e;
                }
            }
            assertThat(full).as("the page limit was reached").isNotNull();
            assertThat(full.getMessage()).contains("no space left on device");
            long failedAt = round - 1;
            assertThat(s.last().round()).isEqualTo(failedAt - 1);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA max_page_count=1000000");
            }
            for (long r = failedAt; r < failedAt + 5; r++) {
                assertThat(s.append(chained.beacon(r))).as("append round " + r + " once space returned").isTrue();
            }
            assertThat(s.last().round()).isEqualTo(failedAt + 4);
        }
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            assertThat(s.last().round()).isPositive();
            assertThat(s.size()).isEqualTo(s.last().round() + 1);
        }
    }

    @Test
    void theWriterDoesNotQueryGeneratedKeysAfterEachInsert() throws Exception {
        try (SqliteChainStore s = SqliteChainStore.open(fileOf(chained), chained.info())) {
            java.lang.reflect.Field f = JdbcChainStore.class.getDeclaredField("writer");
            f.setAccessible(true);
            org.sqlite.SQLiteConnection writer = (org.sqlite.SQLiteConnection) f.get(s);
            assertThat(writer.getConnectionConfig().isGetGeneratedKeys()).isFalse();
            assertThat(s.append(chained.beacon(1))).isTrue();
            assertThat(s.get(1)).contains(chained.beacon(1));
        }
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
