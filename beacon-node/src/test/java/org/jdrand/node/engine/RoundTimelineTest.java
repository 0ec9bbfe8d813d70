package org.jdrand.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;
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

    @Test
    void millisecondsReadAsPercentPointOneFWouldWriteThem() {
        // the timeline used String.format("%.1f") (half up); bench/latency/timelines.py parses it
        long roundTime = 1_700_000_000L;
        long base = roundTime * 1_000_000L;
        for (long d = -3_000; d <= 3_000; d++) {
            checkFormat(roundTime, base, d);
        }
        for (long d : new long[] {-49, -50, -51, 49, 50, 51, 999_950, 999_949, 12_345_678, -987_654_321}) {
            checkFormat(roundTime, base, d);
        }
    }

    private static void checkFormat(long roundTime, long base, long d) {
        RoundTimeline t = new RoundTimeline(roundTime);
        t.step("s", base + d);
        assertEquals("s:" + String.format(Locale.ROOT, "%.1f", d / 1000.0), t.toString(), "offset " + d + " us");
    }
}
