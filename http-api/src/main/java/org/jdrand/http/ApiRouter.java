package org.jdrand.http;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.METHOD_NOT_ALLOWED;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;
import static org.jdrand.http.ApiResponse.IMMUTABLE;
import static org.jdrand.http.ApiResponse.NO_CACHE;
import static org.jdrand.http.RouteText.done;
import static org.jdrand.http.RouteText.secondsUntil;
import static org.jdrand.http.RouteText.shortText;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * Maps a request (method, URI) to a response, following http-api.md §1, §5, §6 and §9. Never
 * blocks: routes that need storage or a future beacon return an incomplete future. Query strings
 * are ignored. Time comes from the injected clock only. This class finds the route (chain, shape)
 * and answers the chain-level ones (lists, info, health, members); a round's routes are
 * {@link RoundRoutes}', the streaming extensions {@link StreamRoutes}'.
 */
final class ApiRouter {
    /** Which JSON shape a beacon route answers with. */
    enum Shape {
        V1, V2, LEGACY
    }

    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    /** How long a route waits for the beacon source (a store read). */
    static final long STORE_TIMEOUT_MS = 5000;
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
    private final WireEncoder encoder;
    private final StaticFiles files;
    private final RoundRoutes rounds;
    private final StreamRoutes streams;

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
        this.rounds = new RoundRoutes(clock, holdMargin, encoder);
        this.streams = new StreamRoutes(clock);
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
                            : rounds.round(defaultChain, s.length == 2 ? "latest" : s[2], Shape.LEGACY, false);
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
            return c == null ? null : n == 1 ? streams.range(c, uri) : streams.events(c, req);
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
            return c == null ? null : rounds.round(c, s[i + 1], shape, shape == Shape.V2);
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
}
