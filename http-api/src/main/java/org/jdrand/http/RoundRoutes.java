package org.jdrand.http;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;
import static org.jdrand.http.ApiResponse.IMMUTABLE;
import static org.jdrand.http.ApiResponse.NO_CACHE;
import static org.jdrand.http.ApiResponse.WEEK_SECONDS;
import static org.jdrand.http.ApiRouter.STORE_TIMEOUT_MS;
import static org.jdrand.http.RouteText.digits;
import static org.jdrand.http.RouteText.done;
import static org.jdrand.http.RouteText.msUntil;
import static org.jdrand.http.RouteText.shortText;
import static org.jdrand.http.RouteText.unwrap;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ApiRouter.Shape;

/**
 * One round of a chain (http-api.md §5, §6): latest from memory, past rounds from memory or the
 * source, the next round held until it is produced, future rounds refused with how long to wait.
 */
final class RoundRoutes {
    private final InstantSource clock;
    private final long holdMarginMs;
    private final WireEncoder encoder;

    RoundRoutes(InstantSource clock, Duration holdMargin, WireEncoder encoder) {
        this.clock = clock;
        this.holdMarginMs = holdMargin.toMillis();
        this.encoder = encoder;
    }

    /** latest, next (v2 only), or a base-10 uint64 round (0 = latest). */
    CompletableFuture<ApiResponse> round(LiveChain c, String text, Shape shape, boolean allowNext) {
        if (text.equals("latest")) {
            return done(latest(c, shape));
        }
        if (allowNext && text.equals("next")) {
            return hold(c, c.latestRound() + 1, shape, NO_CACHE);
        }
        long round;
        try {
            if (text.isEmpty() || text.length() > 20 || !digits(text)) {
                throw new NumberFormatException();
            }
            round = Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return done(ApiResponse.error(BAD_REQUEST,
                    "round: \"" + shortText(text) + "\" is not a round number (expected a base-10 uint64)", NO_CACHE));
        }
        if (round == 0) {
            return done(latest(c, shape));
        }
        ChainInfo info = c.info();
        long nowMs = clock.millis();
        long latestRound = c.latestRound();
        if (round > 0 && round <= latestRound) {
            return fetch(c, round, shape);
        }
        // rounds ≥ 2^63 (negative here) are as far in the future as rounds get
        long due = round < 0 ? Long.MAX_VALUE : info.timeOfRound(round);
        long untilDueMs = msUntil(due, nowMs);
        if (untilDueMs > info.periodSeconds() * 1000L) {
            long maxAge = Math.min(WEEK_SECONDS, (untilDueMs + 999) / 1000);
            return done(ApiResponse.error(NOT_FOUND, "round " + Long.toUnsignedString(round) + ": not due yet",
                    "public, must-revalidate, max-age=" + maxAge));
        }
        if (round == latestRound + 1) {
            return hold(c, round, shape, IMMUTABLE);
        }
        String why = untilDueMs > 0 ? ": not produced yet" : ": not available (latest " + latestRound + ")";
        return done(ApiResponse.error(NOT_FOUND, "round " + round + why, NO_CACHE));
    }

    /**
     * Served from memory: the response (headers included) depends only on the latest beacon and
     * the current second, so it is built and encoded once per second and shape.
     */
    private ApiResponse latest(LiveChain c, Shape shape) {
        LiveChain.Serialized l = c.latest();
        if (l == null) {
            return ApiResponse.error(NOT_FOUND, "latest: no beacon produced yet", NO_CACHE);
        }
        long nowSec = Math.floorDiv(clock.millis(), 1000);
        return c.latestResponse(l, nowSec, shape, () -> latest(c, l, nowSec, shape));
    }

    private ApiResponse latest(LiveChain c, LiveChain.Serialized l, long nowSec, Shape shape) {
        ChainInfo info = c.info();
        long current = info.currentRound(nowSec);
        long maxAge;
        String expires;
        if (l.beacon().round() >= current) {
            long next = info.timeOfRound(current + 1);
            maxAge = Math.max(0, next - nowSec); // whole seconds: max-age rounded up from any instant of nowSec
            expires = c.nextRoundHttpDate(next);
        } else {
            // the round due now is not out yet: it is imminent (or the chain stalled), cache briefly
            maxAge = 1;
            expires = DateFormatter.format(new Date((nowSec + 1) * 1000));
        }
        return ApiResponse.ok(body(l, shape), "public, max-age=" + maxAge)
                .header(HttpHeaderNames.EXPIRES, expires)
                .header(HttpHeaderNames.LAST_MODIFIED, l.lastModified())
                .encoded(encoder);
    }

    /** A round at or below the latest: from memory if it was served recently, else from the source. */
    private CompletableFuture<ApiResponse> fetch(LiveChain c, long round, Shape shape) {
        LiveChain.Serialized known = c.recent(round);
        if (known != null) {
            return done(past(known, shape));
        }
        return c.source().beacon(round).copy()
                .orTimeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((found, err) -> {
                    if (err != null) {
                        return ApiResponse.error(INTERNAL_SERVER_ERROR, "round " + round + ": reading failed"
                                + (unwrap(err) instanceof TimeoutException ? ": timed out" : ""), NO_CACHE);
                    }
                    if (found.isEmpty()) {
                        return ApiResponse.error(NOT_FOUND, "round " + round + ": not stored", NO_CACHE);
                    }
                    return past(c.remember(found.get()), shape);
                });
    }

    /**
     * Holds the request until {@code round} is produced, for at most one period plus the margin,
     * then answers 503 so the client retries (a CDN must not cache that).
     */
    private CompletableFuture<ApiResponse> hold(LiveChain c, long round, Shape shape, CharSequence cacheControl) {
        long holdMs = c.info().periodSeconds() * 1000L + holdMarginMs;
        return c.awaitRound(round).copy()
                .orTimeout(holdMs, TimeUnit.MILLISECONDS)
                .handle((b, err) -> {
                    if (err != null) {
                        return done(ApiResponse.error(SERVICE_UNAVAILABLE, "round " + round
                                + ": not produced within " + holdMs + " ms", NO_CACHE)
                                .header(HttpHeaderNames.RETRY_AFTER, 1));
                    }
                    if (b == null) {
                        return fetch(c, round, shape);
                    }
                    LiveChain.Serialized known = c.recent(round);
                    ApiResponse r = past(known != null ? known : c.remember(b), shape);
                    return done(cacheControl == IMMUTABLE ? r : r.header(HttpHeaderNames.CACHE_CONTROL, cacheControl));
                })
                .thenCompose(Function.identity());
    }

    /** A stored round: the same bytes forever, so built and encoded once per shape. */
    private ApiResponse past(LiveChain.Serialized s, Shape shape) {
        return s.response(shape, k -> ApiResponse.ok(body(k, shape), IMMUTABLE)
                .header(HttpHeaderNames.LAST_MODIFIED, k.lastModified())
                .encoded(encoder));
    }

    private static byte[] body(LiveChain.Serialized l, Shape shape) {
        return switch (shape) {
            case V1 -> l.v1();
            case V2 -> l.v2();
            case LEGACY -> l.legacy();
        };
    }
}
