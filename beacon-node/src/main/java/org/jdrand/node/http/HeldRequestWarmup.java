package org.jdrand.node.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.HttpObserver;
import org.jdrand.http.InMemoryBeaconSource;

/**
 * Answers a few thousand held {@code GET /public/{round}} requests through a throwaway loopback
 * HTTP server before the node's first rounds: the request read and routed on the event loop, the
 * round held, then the beacon pushed from this thread as the engine thread pushes a verified one
 * (the waiter completed there, the body serialized and encoded there, the write handed to the
 * event loop), and the response written.
 *
 * <p>Why: a node serializes one beacon a second, so that code runs interpreted or in C1's
 * profiling tier for minutes, on the engine thread between "recovered" and "served"
 * (docs/PERFORMANCE.md, session 17). The server is built as the daemon's (the same Netty
 * pipeline and routes, over the chain's own info with dummy signatures) and closed afterwards;
 * nothing reaches a beacon process or a client.
 */
public final class HeldRequestWarmup {
    /** What one warm-up did. */
    public record Result(int requests, int answered, long nanos, int port) {
    }

    private HeldRequestWarmup() {
    }

    /**
     * Holds a request for rounds 1, 2, ... (at most {@code rounds}) of {@code info}'s chain on one
     * keep-alive connection, each made once {@code next} allows it (it may block to pace them; the
     * first false ends the warm-up), pushes the round once the server has read the request, and
     * reads the answer; bounded by {@code timeoutMillis} in all. Rounds whose request the server
     * routes after the push are answered from memory instead of held: the same serialization, no
     * harm.
     */
    public static Result run(ChainInfo info, int rounds, BooleanSupplier next, long timeoutMillis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        InMemoryBeaconSource chain = new InMemoryBeaconSource(info);
        // every round up to the last one due, so that each next round is held, not refused as early
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(info.timeOfRound(Math.max(1, rounds))));
        Semaphore read = new Semaphore(0);
        HttpObserver observer = new HttpObserver() {
            @Override
            public Call start(String method) {
                return status -> { };
            }

            @Override
            public void apiCall(String apiMethod) {
                read.release(); // told on the event loop right before the request is routed
            }
        };
        int requests = 0;
        int answered = 0;
        int port;
        try (HttpApiService server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(chain), clock,
                observer).quiet().start()) {
            port = server.port();
            int sigSize = info.scheme().signatureSize();
            byte[] prev = new byte[sigSize];
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.max(1, timeoutMillis));
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (long round = 1; round <= rounds && next.getAsBoolean(); round++) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    out.write(("GET /public/" + round + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    requests++;
                    if (!read.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    byte[] sig = new byte[sigSize];
                    sig[0] = (byte) round; // distinct signatures, as rounds have
                    sig[sigSize - 1] = (byte) (round >>> 8);
                    chain.append(new Beacon(round, sig, info.scheme().chained() ? prev : null));
                    prev = sig;
                    if (readResponse(in) != 200) {
                        break;
                    }
                    answered++;
                }
            } catch (IOException e) {
                // the time ran out while reading, or the server went away: report what was answered
            }
        }
        return new Result(requests, answered, System.nanoTime() - start, port);
    }

    /** Reads one response (headers and a Content-Length body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        String[] parts = status.split(" ", 3);
        return parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("http warm-up: the connection closed mid-response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
