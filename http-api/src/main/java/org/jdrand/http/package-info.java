/**
 * The public HTTP API (http-api.md): drand v1 and v2 routes and the legacy {@code /api/public},
 * served by Netty from a {@link org.jdrand.http.BeaconSource} per chain.
 *
 * <p>Choices where drand's node and relay differ or the spec leaves room:
 * <ul>
 *   <li>Errors are JSON {@code {"error":"..."}} with {@code Content-Type: application/json}.
 *   <li>{@code /public/{round}}: not a base-10 uint64 → 400; 0 → latest; stored → 200
 *       {@code public, max-age=604800, immutable} + {@code Last-Modified} (round time); due more
 *       than one period from now → 404 {@code public, must-revalidate, max-age=<s until due>}
 *       (capped at a week); latest + 1 → held open until produced, at most one period plus
 *       {@link org.jdrand.http.HttpConfig#holdMargin()} (2 s), then 503 {@code Retry-After: 1},
 *       no-cache; otherwise (not produced, or a past round missing from the store) → 404
 *       no-cache; a failing store → 500.
 *   <li>Latest: {@code public, max-age=<s to the next round, rounded up>} + {@code Expires} +
 *       {@code Last-Modified}; while the round due now is not out yet, {@code max-age=1}.
 *   <li>{@code /health}: 200 when the latest round is at most one behind the clock's round
 *       (max-age to the next round), else 503 no-cache. {@code /chains}: max-age=300.
 *   <li>v2 {@code rounds/next} waits for latest + 1 like a held round and is not cached; v2
 *       beacons never carry {@code randomness}.
 *   <li>A 200 with {@code Last-Modified} not after the request's {@code If-Modified-Since} is
 *       answered 304 with the same cache headers.
 *   <li>GET and HEAD are served; OPTIONS answers CORS preflight (204); other methods 405 with
 *       {@code Allow}. Request line over 4 KiB → 414, headers over 8 KiB → 431, garbage → 400,
 *       and the connection closes. Pipelined responses keep request order.
 * </ul>
 */
package org.jdrand.http;
