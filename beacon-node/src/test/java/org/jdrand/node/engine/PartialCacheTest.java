package org.jdrand.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartialCacheTest {
    private static final byte[] PREV = {1, 2, 3};
    private static final byte[] OTHER = {9};

    private static byte[] partial(int index, int salt) {
        return new byte[] {0, (byte) index, (byte) salt};
    }

    @Test
    void keepsOnlyTheWindowAfterLast() {
        PartialCache c = new PartialCache();
        assertThat(c.add(10, 10, PREV, 1, partial(1, 0))).isFalse();
        assertThat(c.add(10, 15, PREV, 1, partial(1, 0))).isFalse();
        assertThat(c.add(10, 14, PREV, 1, partial(1, 0))).isTrue();
        assertThat(c.add(10, 11, PREV, 1, partial(1, 0))).isTrue();
        c.flush(11);
        assertThat(c.partials(11, PREV)).isEmpty();
        assertThat(c.partials(14, PREV)).hasSize(1);
    }

    @Test
    void keysOnRoundAndPreviousSignatureAndIgnoresDuplicates() {
        PartialCache c = new PartialCache();
        assertThat(c.add(0, 1, PREV, 1, partial(1, 0))).isTrue();
        assertThat(c.add(0, 1, PREV, 1, partial(1, 1))).isFalse();
        assertThat(c.add(0, 1, OTHER, 2, partial(2, 0))).isTrue();
        assertThat(c.add(0, 1, PREV, 3, partial(3, 0))).isTrue();
        assertThat(c.partials(1, PREV)).hasSize(2);
        assertThat(c.partials(1, OTHER)).hasSize(1);
        assertThat(c.highestCompleteRound(2)).isEqualTo(1);
        assertThat(c.highestCompleteRound(3)).isEqualTo(-1);
    }

    @Test
    void boundsPartialsPerSignerEvictingTheOldest() {
        PartialCache c = new PartialCache();
        for (int i = 0; i < PartialCache.MAX_PARTIALS_PER_NODE + 20; i++) {
            c.add(0, 1 + (i % 4), new byte[] {(byte) i}, 7, partial(7, i));
        }
        assertThat(c.size()).isEqualTo(PartialCache.MAX_PARTIALS_PER_NODE);
        assertThat(c.partials(1, new byte[] {0})).isEmpty();
        int last = PartialCache.MAX_PARTIALS_PER_NODE + 19;
        assertThat(c.partials(1 + (last % 4), new byte[] {(byte) last})).hasSize(1);
    }
}
