package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTextTest {

    @Test
    void millisecondsUntilARoundCountFromTheCurrentMillisecond() {
        assertThat(RouteText.msUntil(100, 99_250)).isEqualTo(750);
        assertThat(RouteText.msUntil(100, 100_250)).isEqualTo(-250);
    }

    @Test
    void millisecondsUntilAFarRoundAreCappedAtTenWeeks() {
        long tenWeeksMs = 10 * ApiResponse.WEEK_SECONDS * 1000;
        assertThat(RouteText.msUntil(Long.MAX_VALUE, 0)).isEqualTo(tenWeeksMs);
    }

    @Test
    void secondsUntilRoundUpAndNeverGoNegative() {
        assertThat(RouteText.secondsUntil(100, 99_250)).isEqualTo(1);
        assertThat(RouteText.secondsUntil(100, 97_000)).isEqualTo(3);
        assertThat(RouteText.secondsUntil(100, 101_000)).isZero();
    }

    @Test
    void digitsAreAsciiOnlyAndLongTextIsShortened() {
        assertThat(RouteText.digits("0123456789")).isTrue();
        assertThat(RouteText.digits("12a")).isFalse();
        assertThat(RouteText.digits("١٢")).isFalse();
        assertThat(RouteText.shortText("x".repeat(81))).hasSize(81).endsWith("…");
        assertThat(RouteText.shortText("abc")).isEqualTo("abc");
    }
}
