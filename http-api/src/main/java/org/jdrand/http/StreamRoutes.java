package org.jdrand.http;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static org.jdrand.http.ApiResponse.IMMUTABLE;
import static org.jdrand.http.ApiResponse.NO_CACHE;
import static org.jdrand.http.ApiRouter.STORE_TIMEOUT_MS;
import static org.jdrand.http.RouteText.digits;
import static org.jdrand.http.RouteText.done;
import static org.jdrand.http.RouteText.shortText;
import static org.jdrand.http.RouteText.unwrap;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** jdrand's v2 extensions that stream many rounds: a range as a JSON array, and Server-Sent Events. */
final class StreamRoutes {
    /** Most rounds one range request may ask for. */
    static final int MAX_RANGE = 10_000;
    private static final io.netty.util.AsciiString EVENT_STREAM = io.netty.util.AsciiString.cached("text/event-stream");
    /** Tells nginx not to buffer the event stream. */
    private static final String X_ACCEL_BUFFERING = "X-Accel-Buffering";

    private final InstantSource clock;

    StreamRoutes(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * {@code rounds?from=A&to=B}: rounds A..B (at most {@value #MAX_RANGE}) as a JSON array of v2
     * beacons, streamed. A range that ends at or below the latest round never changes (immutable);
     * one that reaches past it is served up to the latest, uncached.
     */
    CompletableFuture<ApiResponse> range(LiveChain c, String uri) {
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        long from;
        long to;
        try {
            from = rangeBound(q, "from");
            to = rangeBound(q, "to");
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.error(BAD_REQUEST, e.getMessage(), NO_CACHE));
        }
        if (to < from) {
            return done(ApiResponse.error(BAD_REQUEST, "range: to " + to + " is before from " + from
                    + " (expected from ≤ to)", NO_CACHE));
        }
        if (to - from + 1 > MAX_RANGE) {
            return done(ApiResponse.error(BAD_REQUEST, "range: " + (to - from + 1) + " rounds (expected at most "
                    + MAX_RANGE + ")", NO_CACHE));
        }
        long latestRound = c.latestRound();
        if (from > latestRound) {
            return done(ApiResponse.error(NOT_FOUND, "range: round " + from + " not produced yet (latest "
                    + latestRound + ")", NO_CACHE));
        }
        long last = Math.min(to, latestRound);
        boolean complete = to <= latestRound;
        return c.rounds(from, Math.min(last, from + RangeStream.BATCH - 1), STORE_TIMEOUT_MS).handle((first, err) -> {
            if (err != null) {
                Throwable cause = unwrap(err);
                if (cause instanceof LiveChain.MissingRoundException m) {
                    return ApiResponse.error(NOT_FOUND, "range: round " + m.round + " not stored", NO_CACHE);
                }
                return ApiResponse.error(INTERNAL_SERVER_ERROR, "range: reading failed"
                        + (cause instanceof TimeoutException ? ": timed out" : ""), NO_CACHE);
            }
            RangeStream body = new RangeStream(c, first, last, STORE_TIMEOUT_MS);
            if (!complete) {
                return ApiResponse.streamed(ApiResponse.JSON, NO_CACHE, body);
            }
            return ApiResponse.streamed(ApiResponse.JSON, IMMUTABLE, body)
                    .header(HttpHeaderNames.LAST_MODIFIED, LiveChain.httpDate(c.info().timeOfRound(to)));
        });
    }

    /** A required query parameter that must be a round number ≥ 1. */
    private static long rangeBound(Map<String, List<String>> q, String name) {
        List<String> values = q.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("range: " + name + " is missing (expected ?from=A&to=B)");
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("range: " + name + " given " + values.size() + " times (expected once)");
        }
        String text = values.get(0);
        if (text.isEmpty() || text.length() > 18 || !digits(text)) {
            throw new IllegalArgumentException("range: " + name + " \"" + shortText(text)
                    + "\" is not a round number (expected a base-10 integer from 1 to 10^18)");
        }
        long v = Long.parseLong(text);
        if (v < 1) {
            throw new IllegalArgumentException("range: " + name + " 0 (expected a round ≥ 1)");
        }
        return v;
    }

    /** {@code rounds/stream}: Server-Sent Events from after the client's Last-Event-ID, else from the latest. */
    CompletableFuture<ApiResponse> events(LiveChain c, HttpHeaders h) {
        String last = h.get("Last-Event-ID");
        Long after = null;
        if (last != null && !last.isBlank()) {
            String t = last.strip();
            if (t.length() > 18 || !digits(t)) {
                return done(ApiResponse.error(BAD_REQUEST, "last-event-id: \"" + shortText(t)
                        + "\" is not a round number (expected a base-10 integer)", NO_CACHE));
            }
            after = Long.parseLong(t);
        }
        return done(ApiResponse.streamed(EVENT_STREAM, NO_CACHE, EventStream.resuming(c, after, STORE_TIMEOUT_MS, clock.millis()))
                .header(X_ACCEL_BUFFERING, "no"));
    }
}
