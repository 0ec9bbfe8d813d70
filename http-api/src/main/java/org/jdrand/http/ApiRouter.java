package org.jdrand.http;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.METHOD_NOT_ALLOWED;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;
import static org.jdrand.http.ApiResponse.IMMUTABLE;
import static org.jdrand.http.ApiResponse.NO_CACHE;
import static org.jdrand.http.ApiResponse.WEEK_SECONDS;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * Maps a request (method, URI) to a response, following http-api.md §1, §5, §6 and §9. Never
 * blocks: routes that need storage or a future beacon return an incomplete future. Query strings
 * are ignored. Time comes from the injected clock only.
 */
final class ApiRouter {
    /** Which JSON shape a beacon route answers with. */
    enum Shape {
        V1, V2, LEGACY
    }

    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    private static final long STORE_TIMEOUT_MS = 5000;
    /** Most rounds one range request may ask for. */
    static final int MAX_RANGE = 10_000;
    private static final io.netty.util.AsciiString EVENT_STREAM = io.netty.util.AsciiString.cached("text/event-stream");
    /** Tells nginx not to buffer the event stream. */
    private static final String X_ACCEL_BUFFERING = "X-Accel-Buffering";
    private static final CompletableFuture<ApiResponse> NOT_FOUND_ROUTE = CompletableFuture.completedFuture(null);
    /** A node before its first DKG (or with every beacon stopped) has no chain to serve. */
    private static ApiResponse noChainYet() {
        return ApiResponse.error(SERVICE_UNAVAILABLE,
                "no chain yet: this node serves a chain once its first DKG completes or a beacon is loaded", NO_CACHE);
    }

    private final Map<String, LiveChain> byHash = new LinkedHashMap<>();
    private final Map<String, LiveChain> byBeaconId = new LinkedHashMap<>();
    private final LiveChain defaultChain;
    /** Constant responses, encoded once: the chain lists and each chain's info (v1, v2). */
    private final ApiResponse chainHashes;
    private final ApiResponse beaconIds;
    private final Map<LiveChain, ApiResponse> infoV1 = new IdentityHashMap<>();
    private final Map<LiveChain, ApiResponse> infoV2 = new IdentityHashMap<>();
    private final InstantSource clock;
    private final long holdMarginMs;
    private final WireEncoder encoder;
    private final StaticFiles files;

    /** @param defaultChain the chain of the un-prefixed routes; null when {@code chains} is empty */
    ApiRouter(List<LiveChain> chains, LiveChain defaultChain, InstantSource clock, Duration holdMargin,
            WireEncoder encoder) {
        this.encoder = encoder;
        this.files = new StaticFiles(encoder);
        for (LiveChain c : chains) {
            byHash.put(c.hashHex(), c);
            byBeaconId.put(c.info().beaconId(), c);
            infoV1.put(c, info(c.infoV1(), c));
            infoV2.put(c, info(c.infoV2(), c));
        }
        this.defaultChain = defaultChain;
        this.chainHashes = ApiResponse.ok(ApiJson.strings(byHash.keySet()), "public, max-age=300").encoded(encoder);
        this.beaconIds = ApiResponse.ok(ApiJson.strings(byBeaconId.keySet()), "public, max-age=300").encoded(encoder);
        this.clock = clock;
        this.holdMarginMs = holdMargin.toMillis();
    }

    private ApiResponse info(byte[] body, LiveChain c) {
        return ApiResponse.ok(body, IMMUTABLE).header(HttpHeaderNames.LAST_MODIFIED, c.genesisHttpDate())
                .encoded(encoder);
    }

    CompletableFuture<ApiResponse> route(HttpMethod method, String uri, HttpHeaders requestHeaders) {
        if (HttpMethod.OPTIONS.equals(method)) {
            return done(preflight(requestHeaders));
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return done(ApiResponse.error(METHOD_NOT_ALLOWED, "method " + method.name() + " not allowed", null)
                    .header(HttpHeaderNames.ALLOW, ALLOWED_METHODS));
        }
        String path;
        try {
            // the common case has nothing to decode: skip the decoder's copies
            path = uri.indexOf('?') < 0 && uri.indexOf('%') < 0 && uri.indexOf('#') < 0 ? uri
                    : new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.error(BAD_REQUEST, "uri: malformed percent-encoding", NO_CACHE));
        }
        CompletableFuture<ApiResponse> r = dispatch(segments(path), uri, requestHeaders);
        return r == NOT_FOUND_ROUTE
                ? done(ApiResponse.error(NOT_FOUND, "no route for " + shortText(path), NO_CACHE))
                : r;
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        String[] s = p.split("/", -1);
        return s.length > 1 && s[s.length - 1].isEmpty() ? Arrays.copyOf(s, s.length - 1) : s;
    }

    private CompletableFuture<ApiResponse> dispatch(String[] s, String uri, HttpHeaders req) {
        switch (s[0]) {
            case "v2":
                return v2(s, uri, req);
            case "api":
                if (s.length >= 2 && s.length <= 3 && s[1].equals("public")) {
                    return defaultChain == null ? done(noChainYet())
                            : round(defaultChain, s.length == 2 ? "latest" : s[2], Shape.LEGACY, false);
                }
                return NOT_FOUND_ROUTE;
            case "chains":
                return s.length == 1 ? done(chainHashes) : NOT_FOUND_ROUTE;
            case "":
                // the status page (jdrand extension)
                return s.length == 1 ? done(files.get("index.html")) : NOT_FOUND_ROUTE;
            case "status":
                return s.length >= 2 ? done(files.get(String.join("/", Arrays.copyOfRange(s, 1, s.length))))
                        : NOT_FOUND_ROUTE;
            default:
                if (defaultChain == null) {
                    return chainRoute(null, s, 0, Shape.V1, uri, req) == NOT_FOUND_ROUTE ? NOT_FOUND_ROUTE
                            : done(noChainYet());
                }
                CompletableFuture<ApiResponse> r = chainRoute(defaultChain, s, 0, Shape.V1, uri, req);
                if (r != NOT_FOUND_ROUTE || s.length < 2) {
                    return r;
                }
                // /{chainhash}/...: only when the rest is a chain route, so /foo/bar stays a 404
                if (chainRoute(null, s, 1, Shape.V1, uri, req) == NOT_FOUND_ROUTE) {
                    return NOT_FOUND_ROUTE;
                }
                ChainOrError c = byHashSegment(s[0]);
                return c.error != null ? done(c.error) : chainRoute(c.chain, s, 1, Shape.V1, uri, req);
        }
    }

    /** /v2/chains[/{hash}/...] and /v2/beacons[/{id}/...]. */
    private CompletableFuture<ApiResponse> v2(String[] s, String uri, HttpHeaders req) {
        if (s.length == 2 && s[1].equals("chains")) {
            return done(chainHashes);
        }
        if (s.length == 2 && s[1].equals("beacons")) {
            return done(beaconIds);
        }
        if (s.length < 4 || chainRoute(null, s, 3, Shape.V2, uri, req) == NOT_FOUND_ROUTE) {
            return NOT_FOUND_ROUTE;
        }
        if (s[1].equals("chains")) {
            ChainOrError c = byHashSegment(s[2]);
            return c.error != null ? done(c.error) : chainRoute(c.chain, s, 3, Shape.V2, uri, req);
        }
        if (s[1].equals("beacons")) {
            LiveChain c = byBeaconId.get(s[2]);
            return c == null
                    ? done(ApiResponse.error(NOT_FOUND, "beacon ID " + shortText(s[2]) + ": unknown chain", NO_CACHE))
                    : chainRoute(c, s, 3, Shape.V2, uri, req);
        }
        return NOT_FOUND_ROUTE;
    }

    /**
     * The routes of one chain from segment {@code i}: info, health, and public/{round} (v1) or
     * rounds/{round} (v2). With a null chain it only tells whether the path is a chain route.
     */
    private CompletableFuture<ApiResponse> chainRoute(LiveChain c, String[] s, int i, Shape shape, String uri,
            HttpHeaders req) {
        int n = s.length - i;
        String roundsWord = shape == Shape.V2 ? "rounds" : "public";
        if (shape == Shape.V2 && s[i].equals("rounds") && (n == 1 || n == 2 && s[i + 1].equals("stream"))) {
            // jdrand extensions: a range of rounds, and the rounds as Server-Sent Events
            return c == null ? null : n == 1 ? range(c, uri) : events(c, req);
        }
        if (n == 1 && s[i].equals("info")) {
            return c == null ? null : done(info(c, shape));
        }
        if (n == 1 && shape == Shape.V2 && s[i].equals("members")) {
            return c == null ? null : done(members(c));
        }
        if (n == 1 && s[i].equals("health")) {
            return c == null ? null : done(health(c));
        }
        if (n == 2 && s[i].equals(roundsWord)) {
            return c == null ? null : round(c, s[i + 1], shape, shape == Shape.V2);
        }
        return NOT_FOUND_ROUTE;
    }

    private record ChainOrError(LiveChain chain, ApiResponse error) {}

    private ChainOrError byHashSegment(String hex) {
        try {
            org.jdrand.crypto.Hex.decode(hex);
        } catch (InvalidEncodingException e) {
            return new ChainOrError(null,
                    ApiResponse.error(BAD_REQUEST, "chain hash: " + shortText(hex) + " is not hex", NO_CACHE));
        }
        LiveChain c = byHash.get(hex.toLowerCase(Locale.ROOT));
        return c != null ? new ChainOrError(c, null)
                : new ChainOrError(null,
                        ApiResponse.error(NOT_FOUND, "chain hash " + shortText(hex) + ": unknown chain", NO_CACHE));
    }

    private ApiResponse info(LiveChain c, Shape shape) {
        return (shape == Shape.V2 ? infoV2 : infoV1).get(c);
    }

    /**
     * {@code members} (jdrand extension, for the status page): each member with how long ago it
     * last sent a partial; "answered recently" means within two periods. 404 when the source does
     * not know the group.
     */
    private ApiResponse members(LiveChain c) {
        List<MemberStatus> members = c.source().members();
        if (members.isEmpty()) {
            return ApiResponse.error(NOT_FOUND, "members: not known to this server", NO_CACHE);
        }
        long now = clock.millis();
        long recentMs = 2000L * c.info().periodSeconds();
        return ApiResponse.ok(ApiJson.members(members, now, recentMs), NO_CACHE);
    }

    /** current = latest round served; expected = the round due now (0 before genesis); 200 if ≤ 1 behind. */
    private ApiResponse health(LiveChain c) {
        long nowMs = clock.millis();
        ChainInfo info = c.info();
        long nowSec = Math.floorDiv(nowMs, 1000);
        long expected = nowSec < info.genesisTime() ? 0 : info.currentRound(nowSec);
        long current = c.latestRound();
        byte[] body = ApiJson.health(current, expected);
        if (current + 1 >= expected) {
            long maxAge = secondsUntil(info.timeOfRound(info.currentRound(nowSec) + 1), nowMs);
            return ApiResponse.ok(body, "public, must-revalidate, max-age=" + maxAge);
        }
        return ApiResponse.json(SERVICE_UNAVAILABLE, body, "no-cache");
    }

    /** latest, next (v2 only), or a base-10 uint64 round (0 = latest). */
    private CompletableFuture<ApiResponse> round(LiveChain c, String text, Shape shape, boolean allowNext) {
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
     * {@code rounds?from=A&to=B}: rounds A..B (at most {@value #MAX_RANGE}) as a JSON array of v2
     * beacons, streamed. A range that ends at or below the latest round never changes (immutable);
     * one that reaches past it is served up to the latest, uncached.
     */
    private CompletableFuture<ApiResponse> range(LiveChain c, String uri) {
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
    private CompletableFuture<ApiResponse> events(LiveChain c, HttpHeaders h) {
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


    private static ApiResponse preflight(HttpHeaders req) {
        String asked = req.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        HttpHeaders h = ApiResponse.newHeaders()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400)
                .set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
        if (asked != null && !asked.isBlank()) {
            // echoed back: only a list of header-name tokens, never arbitrary request text
            if (!asked.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+(\\s*,\\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*\\s*")) {
                return ApiResponse.error(BAD_REQUEST, "access-control-request-headers: not a list of header names",
                        NO_CACHE);
            }
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked.strip());
        }
        return new ApiResponse(NO_CONTENT, new byte[0], h);
    }

    private static boolean digits(String text) {
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

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String shortText(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
