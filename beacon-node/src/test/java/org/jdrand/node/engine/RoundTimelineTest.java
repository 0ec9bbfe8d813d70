package org.jdrand.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoundTimelineTest {
    @Test
    void stepsAreMillisecondsAfterTheRoundsTimeInOrder() {
        long roundTime = 1_700_000_000L;
        RoundTimeline t = new RoundTimeline(roundTime);
        long base = RoundTimeline.micros(Instant.ofEpochSecond(roundTime));
        t.step("timer", base + 250);
        t.step("tick", base + 1_040);
        t.partial(3, base + 7_500, base + 8_260);
        t.step("stored", base + 12_345);
        assertEquals("timer:0.3,tick:1.0,p3:7.5/8.3,stored:12.3", t.toString());
    }

    @Test
    void aStepBeforeTheRoundsTimeIsNegativeAndMicrosKeepSubMillisecondPrecision() {
        RoundTimeline t = new RoundTimeline(100);
        t.step("early", RoundTimeline.micros(Instant.ofEpochSecond(99, 998_000_000)));
        assertEquals("early:-2.0", t.toString());
        assertEquals(100_000_123L, RoundTimeline.micros(Instant.ofEpochSecond(100, 123_999)));
    }
}
