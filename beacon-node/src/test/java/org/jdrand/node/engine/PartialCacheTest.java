package org.jdrand.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdrand.node.engine.PartialCache.Offer;
import org.jdrand.node.engine.PartialCache.Slot;
import org.junit.jupiter.api.Test;

class PartialCacheTest {
    private static final byte[] PREV = {1, 2, 3};
    private static final byte[] OTHER = {9};

    private static byte[] partial(int index, int salt) {
        return new byte[] {0, (byte) index, (byte) salt};
    }

    private static List<Integer> indices(List<Slot> slots) {
        return slots.stream().map(Slot::index).toList();
    }

    @Test
    void keepsOnlyTheWindowAfterLast() {
        PartialCache c = new PartialCache();
        assertThat(c.offer(10, 10, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.IGNORED);
        assertThat(c.offer(10, 15, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.IGNORED);
        assertThat(c.offer(10, 14, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.ADDED);
        assertThat(c.offer(10, 11, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.ADDED);
        c.flush(11);
        assertThat(c.slots(11, PREV)).isEmpty();
        assertThat(c.slots(14, PREV)).hasSize(1);
    }

    @Test
    void keysOnRoundAndPreviousSignatureAndIgnoresDuplicates() {
        PartialCache c = new PartialCache();
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.ADDED);
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.IGNORED);
        assertThat(c.offer(0, 1, OTHER, 2, partial(2, 0), false)).isEqualTo(Offer.ADDED);
        assertThat(c.offer(0, 1, PREV, 3, partial(3, 0), true)).isEqualTo(Offer.ADDED);
        assertThat(c.slots(1, PREV)).hasSize(2);
        assertThat(c.slots(1, OTHER)).hasSize(1);
        assertThat(c.highestCompleteRound(2)).isEqualTo(1);
        assertThat(c.highestCompleteRound(3)).isEqualTo(-1);
    }

    @Test
    void checkedPartialsComeFirstThenArrivalOrder() {
        PartialCache c = new PartialCache();
        c.offer(0, 1, PREV, 4, partial(4, 0), false);
        c.offer(0, 1, PREV, 2, partial(2, 0), true);
        c.offer(0, 1, PREV, 0, partial(0, 0), false);
        c.offer(0, 1, PREV, 3, partial(3, 0), true);
        assertThat(indices(c.slots(1, PREV))).containsExactly(2, 3, 4, 0);
        assertThat(c.slots(1, PREV)).extracting(Slot::checked).containsExactly(true, true, false, false);
    }

    @Test
    void aContestedIndexMustBeCheckedAndTheCheckedPartialWins() {
        PartialCache c = new PartialCache();
        // a spoofed, unchecked partial arrives first for index 1
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 66), false)).isEqualTo(Offer.ADDED);
        // the honest one differs: it is checked before it may take the slot
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.CHECK_FIRST);
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 0), true)).isEqualTo(Offer.ADDED);
        assertThat(c.slots(1, PREV)).singleElement().satisfies(s -> {
            assertThat(s.partial()).containsExactly(partial(1, 0));
            assertThat(s.checked()).isTrue();
        });
        // once checked, any other partial of that index is invalid without a check
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 99), false)).isEqualTo(Offer.CONFLICT);
        assertThat(c.offer(0, 1, PREV, 1, partial(1, 0), false)).isEqualTo(Offer.IGNORED);
    }

    @Test
    void anEntryWithABadPartialChecksEveryLaterOne() {
        PartialCache c = new PartialCache();
        c.offer(0, 1, PREV, 1, partial(1, 0), false);
        c.offer(0, 1, PREV, 2, partial(2, 0), false);
        c.checked(1, PREV, List.of(2));
        assertThat(c.slots(1, PREV)).singleElement().satisfies(s -> {
            assertThat(s.index()).isEqualTo(1);
            assertThat(s.checked()).isTrue();
        });
        assertThat(c.offer(0, 1, PREV, 2, partial(2, 1), false)).isEqualTo(Offer.CHECK_FIRST);
        assertThat(c.offer(0, 1, PREV, 3, partial(3, 0), false)).isEqualTo(Offer.CHECK_FIRST);
        assertThat(c.offer(0, 1, PREV, 3, partial(3, 0), true)).isEqualTo(Offer.ADDED);
        // other entries are not affected
        assertThat(c.offer(0, 2, PREV, 3, partial(3, 0), false)).isEqualTo(Offer.ADDED);
    }

    @Test
    void boundsPartialsPerSignerEvictingTheOldest() {
        PartialCache c = new PartialCache();
        for (int i = 0; i < PartialCache.MAX_PARTIALS_PER_NODE + 20; i++) {
            c.offer(0, 1 + (i % 4), new byte[] {(byte) i}, 7, partial(7, i), false);
        }
        assertThat(c.size()).isEqualTo(PartialCache.MAX_PARTIALS_PER_NODE);
        assertThat(c.slots(1, new byte[] {0})).isEmpty();
        int last = PartialCache.MAX_PARTIALS_PER_NODE + 19;
        assertThat(c.slots(1 + (last % 4), new byte[] {(byte) last})).hasSize(1);
    }
}
