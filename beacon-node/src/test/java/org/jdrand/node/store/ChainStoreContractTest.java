package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdrand.crypto.chain.Beacon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link ChainStore} backend passes. Subclasses say how to open a store
 * for a chain and, when durable, how to reopen it.
 */
abstract class ChainStoreContractTest {

    private final List<ChainStore> opened = new ArrayList<>();
    protected FakeChain chained;
    protected FakeChain unchained;

    /** A fresh, empty store for {@code chain} (seeded with its genesis beacon). */
    protected abstract ChainStore create(FakeChain chain) throws Exception;

    /** Reopens the store last created for {@code chain}; only called when {@link #durable()}. */
    protected ChainStore reopen(FakeChain chain) throws Exception {
        throw new UnsupportedOperationException("not durable");
    }

    /** Opens the location of {@code stored}'s store as if it belonged to {@code other}. */
    protected ChainStore reopenAs(FakeChain stored, FakeChain other) throws Exception {
        throw new UnsupportedOperationException("not durable");
    }

    protected abstract boolean durable();

    protected ChainStore track(ChainStore s) {
        opened.add(s);
        return s;
    }

    @BeforeEach
    void chains() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        chained = FakeChain.chained("chained-" + suffix);
        unchained = FakeChain.unchained("unchained-" + suffix);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (ChainStore s : opened) {
            s.close();
        }
    }

    private ChainStore fresh(FakeChain chain) throws Exception {
        return track(create(chain));
    }

    @Test
    void newStoreHoldsOnlyTheGenesisBeacon() throws Exception {
        ChainStore s = fresh(chained);
        Beacon genesis = Beacon.genesis(chained.info().genesisSeed());
        assertThat(s.last()).isEqualTo(genesis);
        assertThat(s.get(0)).contains(genesis);
        assertThat(s.get(1)).isEmpty();
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.range(0, 10)).containsExactly(genesis);
    }

    @Test
    void chainedStoreRebuildsPreviousSignatureFromRoundMinusOne() throws Exception {
        ChainStore s = fresh(chained);
        for (Beacon b : chained.beacons(1, 20)) {
            assertThat(s.append(b)).isTrue();
        }
        assertThat(s.last()).isEqualTo(chained.beacon(20));
        assertThat(s.size()).isEqualTo(21);
        for (long r = 1; r <= 20; r++) {
            Beacon got = s.get(r).orElseThrow();
            assertThat(got).isEqualTo(chained.beacon(r));
            assertThat(got.previousSignature()).isEqualTo(chained.signature(r - 1));
        }
        assertThat(s.get(1).orElseThrow().previousSignature()).isEqualTo(chained.info().genesisSeed());
    }

    @Test
    void unchainedStoreReturnsNoPreviousSignature() throws Exception {
        ChainStore s = fresh(unchained);
        // even a beacon that carries a prev is stored without it, as drand's scheme store does
        Beacon withPrev = new Beacon(1, unchained.signature(1), unchained.signature(0));
        assertThat(s.append(withPrev)).isTrue();
        s.appendAll(unchained.beacons(2, 5));
        for (long r = 1; r <= 5; r++) {
            Beacon got = s.get(r).orElseThrow();
            assertThat(got.hasPreviousSignature()).isFalse();
            assertThat(got.signature()).isEqualTo(unchained.signature(r));
        }
        assertThat(s.last().hasPreviousSignature()).isFalse();
        assertThat(s.range(1, 10)).allSatisfy(b -> assertThat(b.hasPreviousSignature()).isFalse()).hasSize(5);
    }

    @Test
    void refusesAGap() throws Exception {
        ChainStore s = fresh(chained);
        s.append(chained.beacon(1));
        assertThatThrownBy(() -> s.append(chained.beacon(3)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("round 3").hasMessageContaining("gap").hasMessageContaining("expected round 2");
        assertThat(s.last().round()).isEqualTo(1);
        assertThat(s.get(3)).isEmpty();
    }

    @Test
    void refusesAChainedBeaconWhosePreviousSignatureDoesNotMatch() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 3));
        Beacon forged = new Beacon(4, chained.signature(4), chained.signature(2));
        assertThatThrownBy(() -> s.append(forged))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("round 4").hasMessageContaining("previous signature");
        Beacon noPrev = new Beacon(4, chained.signature(4), null);
        assertThatThrownBy(() -> s.append(noPrev))
                .isInstanceOf(StoreException.class).hasMessageContaining("missing previous signature");
        assertThat(s.last()).isEqualTo(chained.beacon(3));
    }

    @Test
    void unchainedStoreAcceptsAnyPreviousSignature() throws Exception {
        ChainStore s = fresh(unchained);
        assertThat(s.append(new Beacon(1, unchained.signature(1), new byte[] {1, 2, 3}))).isTrue();
        assertThat(s.append(new Beacon(2, unchained.signature(2), null))).isTrue();
    }

    @Test
    void identicalDuplicateIsBenign() throws Exception {
        ChainStore s = fresh(chained);
        assertThat(s.append(chained.beacon(1))).isTrue();
        assertThat(s.append(chained.beacon(2))).isTrue();
        assertThat(s.append(chained.beacon(1))).isFalse();
        assertThat(s.append(chained.beacon(2))).isFalse();
        assertThat(s.append(Beacon.genesis(chained.info().genesisSeed()))).isFalse();
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void conflictingDuplicateIsAnError() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 2));
        Beacon other = new Beacon(2, chained.signature(7), chained.signature(1));
        assertThatThrownBy(() -> s.append(other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("round 2").hasMessageContaining("conflicting");
        assertThatThrownBy(() -> s.append(Beacon.genesis(new byte[32])))
                .isInstanceOf(StoreException.class).hasMessageContaining("round 0");
        assertThat(s.get(2)).contains(chained.beacon(2));
    }

    @Test
    void appendAllIsAllOrNothing() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 5));
        List<Beacon> batch = new ArrayList<>(chained.beacons(6, 10));
        batch.set(3, new Beacon(9, chained.signature(9), chained.signature(3))); // bad link at round 9
        assertThatThrownBy(() -> s.appendAll(batch)).isInstanceOf(StoreException.class).hasMessageContaining("round 9");
        assertThat(s.last()).isEqualTo(chained.beacon(5));
        assertThat(s.get(6)).isEmpty();
        assertThat(s.size()).isEqualTo(6);

        List<Beacon> gap = new ArrayList<>(chained.beacons(6, 10));
        gap.remove(2);
        assertThatThrownBy(() -> s.appendAll(gap)).isInstanceOf(StoreException.class).hasMessageContaining("gap");
        assertThat(s.last()).isEqualTo(chained.beacon(5));
    }

    @Test
    void appendAllSkipsAnIdenticalOverlapWithTheStoredHead() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 5));
        s.appendAll(chained.beacons(3, 9));
        assertThat(s.last()).isEqualTo(chained.beacon(9));
        s.appendAll(List.of());
        assertThat(s.size()).isEqualTo(10);
    }

    @Test
    void rangeStopsAtTheHead() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 20));
        assertThat(s.range(18, 10)).containsExactlyElementsOf(chained.beacons(18, 20));
        assertThat(s.range(21, 5)).isEmpty();
        assertThat(s.range(0, 3)).containsExactlyElementsOf(chained.beacons(0, 2));
        assertThat(s.range(5, 0)).isEmpty();
        assertThat(s.range(1, 20)).containsExactlyElementsOf(chained.beacons(1, 20));
    }

    @Test
    void deleteFromRewindsTheHeadButNeverGenesis() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 20));
        s.deleteFrom(11);
        assertThat(s.last()).isEqualTo(chained.beacon(10));
        assertThat(s.get(11)).isEmpty();
        assertThat(s.size()).isEqualTo(11);
        s.deleteFrom(50); // past the head: nothing to do
        assertThat(s.last().round()).isEqualTo(10);
        assertThat(s.append(chained.beacon(11))).isTrue();
        assertThatThrownBy(() -> s.deleteFrom(0)).isInstanceOf(StoreException.class).hasMessageContaining("genesis");
        s.deleteFrom(1);
        assertThat(s.last()).isEqualTo(chained.beacon(0));
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void survivesReopen() throws Exception {
        assumeTrue(durable(), "this store is not durable");
        try (ChainStore s = create(chained)) {
            s.appendAll(chained.beacons(1, 30));
            s.append(chained.beacon(31));
        }
        try (ChainStore s = reopen(chained)) {
            assertThat(s.last()).isEqualTo(chained.beacon(31));
            assertThat(s.size()).isEqualTo(32);
            assertThat(s.range(0, 100)).containsExactlyElementsOf(chained.beacons(0, 31));
            assertThat(s.append(chained.beacon(32))).isTrue();
            assertThatThrownBy(() -> s.append(chained.beacon(34))).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void appendsInterleavedWithBatchesRefusalsAndDeletesThenAfterClosingAndReopening() throws Exception {
        // the JDBC stores keep the writer's INSERT prepared for the connection's life: each write
        // must still see its own parameters, whatever ran on the writer before it
        assumeTrue(durable(), "this store is not durable");
        try (ChainStore s = create(chained)) {
            for (long r = 1; r <= 5; r++) {
                assertThat(s.append(chained.beacon(r))).isTrue();
            }
            s.appendAll(chained.beacons(6, 10));
            assertThatThrownBy(() -> s.append(chained.beacon(12))).isInstanceOf(StoreException.class);
            assertThat(s.append(chained.beacon(10))).isFalse();
            assertThat(s.append(chained.beacon(11))).isTrue();
            s.deleteFrom(9);
            s.repair(chained.beacon(9));
            assertThat(s.append(chained.beacon(10))).isTrue();
            s.appendAll(chained.beacons(11, 12));
            assertThat(s.append(chained.beacon(13))).isTrue();
            assertThat(s.range(0, 100)).containsExactlyElementsOf(chained.beacons(0, 13));
            s.close();
            assertThatThrownBy(() -> s.append(chained.beacon(14))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("closed");
        }
        try (ChainStore s = reopen(chained)) {
            assertThat(s.append(chained.beacon(14))).isTrue();
            s.appendAll(chained.beacons(15, 16));
            assertThat(s.append(chained.beacon(17))).isTrue();
            assertThat(s.range(0, 100)).containsExactlyElementsOf(chained.beacons(0, 17));
        }
        try (ChainStore s = reopen(chained)) {
            assertThat(s.last()).isEqualTo(chained.beacon(17));
        }
    }

    @Test
    void refusesToReopenAsAnotherChain() throws Exception {
        assumeTrue(durable(), "this store is not durable");
        create(chained).close();
        FakeChain other = chained.withPeriod(7); // same beacon ID, another chain hash
        assertThatThrownBy(() -> reopenAs(chained, other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chain hash");
    }

    @Test
    void readersOnOtherThreadsOnlySeeStoredLinkedBeacons() throws Exception {
        ChainStore s = fresh(chained);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                long seen = 0;
                while (!done.get()) {
                    Beacon last = s.last();
                    assertThat(last.round()).isGreaterThanOrEqualTo(seen);
                    seen = last.round();
                    assertThat(last).isEqualTo(chained.beacon(seen));
                    assertThat(s.get(seen)).contains(last);
                    long from = Math.max(0, seen - 3);
                    // the head may have moved on meanwhile: at least up to seen, never a torn beacon
                    List<Beacon> got = s.range(from, 5);
                    assertThat(got.size()).isBetween((int) Math.min(5, seen - from + 1), 5);
                    assertThat(got).containsExactlyElementsOf(chained.beacons(from, from + got.size() - 1));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        try {
            for (long r = 1; r <= 120; r++) {
                if (r % 3 == 0) {
                    s.appendAll(chained.beacons(r, r + 1));
                    r++;
                } else {
                    s.append(chained.beacon(r));
                }
            }
        } finally {
            done.set(true);
            reader.join(30_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(s.last().round()).isGreaterThanOrEqualTo(120);
    }

    @Test
    void keepsBeaconIdsApart() throws Exception {
        ChainStore a = fresh(chained);
        ChainStore b = fresh(unchained);
        a.appendAll(chained.beacons(1, 4));
        b.appendAll(unchained.beacons(1, 2));
        assertThat(a.last()).isEqualTo(chained.beacon(4));
        assertThat(b.last()).isEqualTo(unchained.beacon(2));
        assertThat(b.size()).isEqualTo(3);
    }

    @Test
    void repairOverwritesAStoredRoundWithoutAppendChecks() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 10));
        // a corrupted round 4 (what StartCheckChain finds) is written as is, no link check
        Beacon bad = new Beacon(4, chained.signature(9), chained.signature(3));
        s.repair(bad);
        assertThat(s.get(4).orElseThrow().signature()).isEqualTo(chained.signature(9));
        assertThat(s.get(5).orElseThrow().previousSignature()).isEqualTo(chained.signature(9));
        s.repair(chained.beacon(4));
        assertThat(s.range(1, 10)).isEqualTo(chained.beacons(1, 10));
        assertThat(s.last()).isEqualTo(chained.beacon(10));
        assertThat(s.size()).isEqualTo(11);
    }

    @Test
    void repairOfTheHeadMovesLast() throws Exception {
        ChainStore s = fresh(unchained);
        s.appendAll(unchained.beacons(1, 3));
        s.repair(new Beacon(3, unchained.signature(7), null));
        assertThat(s.last().signature()).isEqualTo(unchained.signature(7));
        s.repair(unchained.beacon(3));
        assertThat(s.last()).isEqualTo(unchained.beacon(3));
    }

    @Test
    void repairAtLastPlusOneExtendsTheChainAndAGapIsRefused() throws Exception {
        ChainStore s = fresh(chained);
        s.appendAll(chained.beacons(1, 3));
        s.repair(chained.beacon(4));
        assertThat(s.last()).isEqualTo(chained.beacon(4));
        assertThatThrownBy(() -> s.repair(chained.beacon(6)))
                .isInstanceOf(StoreException.class).hasMessageContaining("round 6");
        assertThatThrownBy(() -> s.repair(Beacon.genesis(new byte[32])))
                .isInstanceOf(StoreException.class).hasMessageContaining("round 0");
        assertThat(s.last()).isEqualTo(chained.beacon(4));
        s.append(chained.beacon(5));
        assertThat(s.last()).isEqualTo(chained.beacon(5));
    }

    @Test
    void repairIsDurable() throws Exception {
        assumeTrue(durable(), "this store is not durable");
        ChainStore s = create(chained);
        s.appendAll(chained.beacons(1, 5));
        s.repair(new Beacon(2, chained.signature(8), chained.signature(1)));
        s.close();
        ChainStore again = track(reopen(chained));
        assertThat(again.get(2).orElseThrow().signature()).isEqualTo(chained.signature(8));
        assertThat(again.last().round()).isEqualTo(5);
    }
}
