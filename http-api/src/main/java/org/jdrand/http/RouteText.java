package org.jdrand.http;

import static org.jdrand.http.ApiResponse.WEEK_SECONDS;

import java.util.concurrent.CompletableFuture;

/** Small helpers the routes share: parsing round numbers, quoting request text, times until a round. */
final class RouteText {
    private RouteText() {}

    static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds from {@code nowMs} to Unix second {@code dueSec}, capped at ten weeks. */
    static long msUntil(long dueSec, long nowMs) {
        long diffSec = dueSec - Math.floorDiv(nowMs, 1000);
        if (diffSec > 10 * WEEK_SECONDS) {
            return 10 * WEEK_SECONDS * 1000;
        }
        return diffSec * 1000 - Math.floorMod(nowMs, 1000);
    }

    /** Whole seconds until {@code dueSec}, rounded up, never negative. */
    static long secondsUntil(long dueSec, long nowMs) {
        long ms = msUntil(dueSec, nowMs);
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static String shortText(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
