package org.jdrand.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * GET through {@code HttpURLConnection} on the client's threads (one per request in flight):
 * HTTP/1.1 with kept-alive connections, redirects within a protocol followed. Starts with far fewer
 * classes than {@code java.net.http} and sets up TLS only for an https:// endpoint.
 */
final class UrlConnectionTransport implements HttpTransport {
    private final int connectMillis;
    private final ExecutorService executor;
    private final Set<HttpURLConnection> open = ConcurrentHashMap.newKeySet();

    UrlConnectionTransport(Duration connectTimeout, ExecutorService executor) {
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Response> get(URI uri, Duration timeout) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        URL url;
        try {
            url = uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        int readMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try {
            executor.execute(() -> fetch(url, readMillis, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("client closed", e));
        }
        return result;
    }

    private void fetch(URL url, int readMillis, CompletableFuture<Response> result) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) url.openConnection();
            open.add(c);
            c.setConnectTimeout(connectMillis);
            c.setReadTimeout(readMillis);
            c.setRequestProperty("Accept", "application/json");
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = "";
            if (in != null) {
                try (in) { // read to the end and close: the connection goes back to the keep-alive cache
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            result.complete(new Response(status, body));
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            if (c != null) {
                open.remove(c);
            }
        }
    }

    @Override
    public boolean isTimeout(Throwable failure) {
        return failure instanceof SocketTimeoutException;
    }

    /** Stops the threads; a request blocked on its socket fails once its connection is closed here. */
    @Override
    public void close() {
        executor.shutdownNow();
        for (HttpURLConnection c : open) {
            c.disconnect();
        }
    }
}
