package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {

    @TempDir
    Path dir;

    @Test
    void mapsDrandsDbFlags() {
        assertThat(StoreConfig.fromFlags("bolt", null, 2000).kind()).isEqualTo(StoreConfig.Kind.SQLITE);
        assertThat(StoreConfig.fromFlags(null, null, 2000).kind()).isEqualTo(StoreConfig.Kind.SQLITE);
        StoreConfig pg = StoreConfig.fromFlags("postgres", null, 2000);
        assertThat(pg.postgres().jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:5432/drand");
        assertThat(StoreConfig.fromFlags("memdb", null, 50).memorySize()).isEqualTo(50);
        assertThat(StoreConfig.Kind.POSTGRES.metricValue()).isEqualTo(2);
        assertThatThrownBy(() -> StoreConfig.fromFlags("mongo", null, 1)).hasMessageContaining("--db mongo (expected");
        assertThatThrownBy(() -> StoreConfig.fromFlags("memdb", null, 5)).hasMessageContaining("--memdb-size 5 (expected >= 10)");
    }

    @Test
    void opensTheChosenBackend() throws Exception {
        FakeChain chain = FakeChain.chained("cfg");
        try (ChainStore s = StoreConfig.sqlite().open(chain.info(), dir.resolve("db/jdrand.sqlite"))) {
            assertThat(s).isInstanceOf(SqliteChainStore.class);
            assertThat(s.last()).isEqualTo(chain.beacon(0));
        }
        try (ChainStore s = StoreConfig.fromFlags("memdb", null, 10).open(chain.info(), null)) {
            assertThat(s).isInstanceOf(MemoryChainStore.class);
        }
    }
}
