package org.jdrand.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How the client sends its GET requests. Two ways: {@code java.net.http} (HTTP/2, asynchronous; the
 * default) and {@code HttpURLConnection} (HTTP/1.1, a thread per request in flight; a third of the
 * classes and no TLS set-up for http:// endpoints, for short-lived processes such as the CLI).
 */
interface HttpTransport {
    /** A completed exchange: the status and the body as text. */
    record Response(int status, String body) {}

    /**
     * GET {@code uri} with {@code Accept: application/json}; completes with the response (any
     * status) or exceptionally with the I/O failure.
     */
    CompletableFuture<Response> get(URI uri, Duration timeout);

    /** Whether {@code failure} (a cause this transport completed with) is the request timing out. */
    boolean isTimeout(Throwable failure);

    /** Aborts requests in flight and releases threads. */
    void close();
}
