package org.jdrand.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the public HTTP server.
 *
 * @param host                 address to bind, e.g. "127.0.0.1" or "0.0.0.0"
 * @param port                 port to bind; 0 picks a free one
 * @param ioThreads            Netty event-loop threads; 0 lets Netty choose (2 × cores)
 * @param serverHeader         value of the {@code Server} header
 * @param holdMargin           how much longer than one period a request for the next round is held
 *                             open before it is answered 503
 * @param idleTimeout          idle connections with no request in flight are closed after this
 * @param maxInitialLineLength longest request line accepted (longer: 414)
 * @param maxHeaderSize        largest header block accepted (larger: 431)
 */
public record HttpConfig(String host, int port, int ioThreads, String serverHeader, Duration holdMargin,
        Duration idleTimeout, int maxInitialLineLength, int maxHeaderSize) {

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serverHeader, "serverHeader");
        Objects.requireNonNull(holdMargin, "holdMargin");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http config: port " + port + " (expected 0..65535)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("http config: io threads " + ioThreads + " (expected ≥ 0)");
        }
        if (holdMargin.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http config: negative hold margin or non-positive idle timeout");
        }
        if (maxInitialLineLength < 256 || maxHeaderSize < 256) {
            throw new IllegalArgumentException("http config: request limits below 256 bytes");
        }
    }

    /** Defaults: 2 s hold margin, 60 s idle timeout, 4 KiB request line, 8 KiB headers. */
    public static HttpConfig of(String host, int port) {
        return new HttpConfig(host, port, 0, "jdrand", Duration.ofSeconds(2), Duration.ofSeconds(60), 4096, 8192);
    }

    public HttpConfig withIoThreads(int n) {
        return new HttpConfig(host, port, n, serverHeader, holdMargin, idleTimeout, maxInitialLineLength,
                maxHeaderSize);
    }

    public HttpConfig withServerHeader(String value) {
        return new HttpConfig(host, port, ioThreads, value, holdMargin, idleTimeout, maxInitialLineLength,
                maxHeaderSize);
    }

    public HttpConfig withHoldMargin(Duration margin) {
        return new HttpConfig(host, port, ioThreads, serverHeader, margin, idleTimeout, maxInitialLineLength,
                maxHeaderSize);
    }
}
