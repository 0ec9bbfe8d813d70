package org.jdrand.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real HTTP server (the JDK's) in front of a real upstream API, for the fault-injecting tests:
 * it forwards every request and can delay answers, rewrite bodies, or answer 500 instead. It
 * records the paths asked, so a test can tell which requests reached it.
 */
final class FaultProxy implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** Answers a delayed request when its delay is over (the fault under test: a slow server). */
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final String upstream;
    final List<String> paths = new CopyOnWriteArrayList<>();
    volatile Duration delay = Duration.ZERO;
    volatile UnaryOperator<String> rewrite = UnaryOperator.identity();
    volatile UnaryOperator<String> rewritePath = UnaryOperator.identity();
    volatile boolean failing;

    FaultProxy(String upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Paths asked that are not chain info routes (beacon requests). */
    long beaconRequests() {
        return paths.stream().filter(p -> !p.endsWith("/info")).count();
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        paths.add(path);
        Duration d = delay;
        if (d.isZero()) {
            answer(ex, path);
        } else {
            later.schedule(() -> answer(ex, path), d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void answer(HttpExchange ex, String path) {
        try {
            int status;
            byte[] body;
            if (failing) {
                status = 500;
                body = "{\"error\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                HttpResponse<String> r = upstreamClient.send(HttpRequest.newBuilder(URI.create(upstream + rewritePath.apply(path)))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                body = (status == 200 ? rewrite.apply(r.body()) : r.body()).getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (IOException e) {
            try {
                ex.sendResponseHeaders(502, -1);
            } catch (IOException alreadySent) {
                // the client is gone
            }
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        executor.shutdownNow();
    }
}
