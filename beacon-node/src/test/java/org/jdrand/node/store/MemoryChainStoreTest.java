package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryChainStoreTest extends ChainStoreContractTest {

    @Override
    protected ChainStore create(FakeChain chain) {
        return new MemoryChainStore(chain.info());
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Test
    void keepsOnlyTheLastCapacityBeaconsAndGenesis() throws Exception {
        MemoryChainStore s = new MemoryChainStore(chained.info(), 10);
        s.appendAll(chained.beacons(1, 25));
        assertThat(s.oldestRetainedRound()).isEqualTo(16);
        assertThat(s.size()).isEqualTo(11);
        assertThat(s.get(15)).isEmpty();
        assertThat(s.get(16)).contains(chained.beacon(16));
        assertThat(s.get(0)).contains(chained.beacon(0));
        assertThat(s.last()).isEqualTo(chained.beacon(25));
        assertThat(s.range(20, 100)).containsExactlyElementsOf(chained.beacons(20, 25));
        assertThat(s.range(0, 5)).containsExactly(chained.beacon(0));
        assertThatThrownBy(() -> s.range(3, 5)).isInstanceOf(StoreException.class).hasMessageContaining("evicted");
        assertThatThrownBy(() -> s.deleteFrom(16)).isInstanceOf(StoreException.class).hasMessageContaining("evicted");
        s.deleteFrom(17);
        assertThat(s.last()).isEqualTo(chained.beacon(16));
        // an evicted round cannot be compared any more: refused rather than silently accepted
        assertThatThrownBy(() -> s.append(chained.beacon(3))).isInstanceOf(StoreException.class)
                .hasMessageContaining("no longer retained");
    }

    @Test
    void seededStoreContinuesFromTheGivenBeacon() throws Exception {
        MemoryChainStore s = MemoryChainStore.seeded(chained.info(), chained.beacon(1000), 10);
        assertThat(s.last()).isEqualTo(chained.beacon(1000));
        assertThat(s.get(0)).contains(chained.beacon(0));
        assertThatThrownBy(() -> s.append(chained.beacon(1002))).isInstanceOf(StoreException.class);
        assertThat(s.append(chained.beacon(1001))).isTrue();
        assertThat(s.range(1000, 5)).containsExactlyElementsOf(chained.beacons(1000, 1001));
    }

    @Test
    void refusesATooSmallCapacity() {
        assertThatThrownBy(() -> new MemoryChainStore(chained.info(), 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 9 (expected >= 10)");
    }
}
