package org.jdrand.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP API to fetch from: a drand node, a relay or a jdrand node, through drand's v1 routes
 * ({@code /{chainhash}/public/{round}}) or its v2 routes ({@code /v2/chains/{chainhash}/rounds/{round}}).
 * Immutable.
 *
 * <pre>{@code
 * Endpoint.v1("https://api.drand.sh");
 * Endpoint.v2("https://api.drand.sh");
 * }</pre>
 */
public final class Endpoint {
    /** Which family of routes an endpoint is asked through. */
    public enum Api {
        V1, V2
    }

    private final String base;
    private final Api api;

    private Endpoint(String url, Api api) {
        Objects.requireNonNull(url, "url");
        this.api = Objects.requireNonNull(api, "api");
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint: \"" + url + "\" is not a URL", e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("endpoint: \"" + url + "\" (expected an http:// or https:// URL)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint: \"" + url + "\" has a query or fragment (expected a base URL)");
        }
        String s = u.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** drand's v1 routes ({@code /info}, {@code /public/{round}}) under {@code url}. */
    public static Endpoint v1(String url) {
        return new Endpoint(url, Api.V1);
    }

    /** drand's v2 routes ({@code /v2/chains/{hash}/info}, {@code .../rounds/{round}}) under {@code url}. */
    public static Endpoint v2(String url) {
        return new Endpoint(url, Api.V2);
    }

    public String url() {
        return base;
    }

    public Api api() {
        return api;
    }

    /** The chain info route; {@code chainHashHex} null means the endpoint's default chain. */
    String infoPath(String chainHashHex) {
        return prefix(chainHashHex) + "/info";
    }

    /** A round route: {@code round} is a number, "latest", or (v2) "next". */
    String roundPath(String chainHashHex, String round) {
        return prefix(chainHashHex) + (api == Api.V1 ? "/public/" : "/rounds/") + round;
    }

    private String prefix(String chainHashHex) {
        if (api == Api.V1) {
            return chainHashHex == null ? base : base + "/" + chainHashHex;
        }
        return chainHashHex == null ? base + "/v2/beacons/default" : base + "/v2/chains/" + chainHashHex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.base.equals(base) && e.api == api;
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + api.hashCode();
    }

    @Override
    public String toString() {
        return base + (api == Api.V2 ? " (v2)" : "");
    }
}
