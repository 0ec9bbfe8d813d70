package org.jdrand.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** GET through {@code java.net.http}: HTTP/2 where the server offers it, redirects followed. */
final class JdkHttpTransport implements HttpTransport {
    private final HttpClient http;
    private final ExecutorService executor;

    JdkHttpTransport(Duration connectTimeout, ExecutorService executor) {
        this.executor = executor;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public CompletableFuture<Response> get(URI uri, Duration timeout) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body()));
    }

    @Override
    public boolean isTimeout(Throwable failure) {
        return failure instanceof HttpTimeoutException;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
