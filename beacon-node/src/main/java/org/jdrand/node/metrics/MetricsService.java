package org.jdrand.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.node.daemon.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drand's metrics listener ({@code --metrics [HOST:]PORT}; a bare port binds 127.0.0.1): GET
 * {@code /metrics} in the Prometheus text format, {@code /peer/<addr>} a group member's metrics
 * (when given {@link PeerMetrics}), 404 elsewhere. Two threads are plenty (a peer fetch
 * may wait for its peer), so the JDK's small HTTP server does it.
 */
public final class MetricsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

    private final InetSocketAddress bind;
    private final NodeMetrics metrics;
    private final PeerMetrics peers;
    private HttpServer server;
    private ExecutorService executor;

    public MetricsService(InetSocketAddress bind, NodeMetrics metrics) {
        this(bind, metrics, null);
    }

    /** @param peers serves {@code /peer/<addr>} (closed with this service); null: 404 there */
    public MetricsService(InetSocketAddress bind, NodeMetrics metrics, PeerMetrics peers) {
        this.bind = Objects.requireNonNull(bind);
        this.metrics = Objects.requireNonNull(metrics);
        this.peers = peers;
    }

    /** Parses drand's {@code --metrics} value: a bare port binds 127.0.0.1, ":port" every interface. */
    public static InetSocketAddress parseFlag(String flag) {
        return HostPort.parse(flag, "127.0.0.1");
    }

    public synchronized MetricsService start() throws IOException {
        server = HttpServer.create(bind, 16);
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jdrand-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("metrics listening address={}", address());
        return this;
    }

    public synchronized InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            boolean get = "GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod());
            if (peers != null && path.startsWith(PEER) && get) {
                servePeer(ex, path);
                return;
            }
            if (!path.equals("/metrics")) {
                send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(), get);
                return;
            }
            if (!get) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(), true);
                return;
            }
            send(ex, 200, NodeMetrics.contentType(), metrics.scrapeText(), true);
        } catch (RuntimeException e) {
            LOG.warn("metrics scrape failed error={}", e.toString());
            throw e;
        }
    }

    private static final String PEER = "/peer/";

    /** {@code /peer/<addr>[/anything]}: the member's registry; the suffix is ignored, as in drand. */
    private void servePeer(HttpExchange ex, String path) throws IOException {
        String rest = path.substring(PEER.length());
        int slash = rest.indexOf('/');
        String addr = slash < 0 ? rest : rest.substring(0, slash);
        Optional<byte[]> text;
        try {
            text = peers.fetch(addr);
        } catch (StatusRuntimeException e) {
            LOG.debug("peer metrics failed peer={} error={}", addr, e.getStatus());
            send(ex, 502, "text/plain; charset=utf-8",
                    ("peer metrics: " + addr + ": " + e.getStatus().getCode() + "\n").getBytes(), true);
            return;
        }
        if (text.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", ("peer metrics: " + addr + " is not a group member\n").getBytes(),
                    true);
            return;
        }
        send(ex, 200, NodeMetrics.contentType(), text.get(), true);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean withBody)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || !withBody ? -1 : body.length);
        if (!head && withBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            if (peers != null) {
                peers.close();
            }
        }
    }
}
