package org.jdrand.systest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;

/**
 * Request lines and headers against the real public HTTP API (Netty's codec, then the router of
 * v1, v2 and legacy routes) on a loopback port, serving a real chain of 10 beacons. Each input is
 * sent as the head of one request (terminated by an empty line). The server may answer anything
 * but a 5xx, or close the connection; afterwards it must still answer {@code GET /info} with 200
 * (it neither crashed nor hung). Regression inputs under
 * {@code src/test/resources/org/jdrand/systest/fuzz/HttpRequestFuzzTestInputs/requestHead/}.
 */
class HttpRequestFuzzTest {
    private static final HttpApiService SERVER = server();

    private static HttpApiService server() {
        Scheme scheme = Scheme.PEDERSEN_BLS_CHAINED;
        Bls bls = new Bls(BlsBackends.bouncyCastle());
        Scalar secret = Scalar.fromBytes(new byte[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7});
        byte[] seed = new byte[32];
        ChainInfo info = new ChainInfo(bls.publicKey(scheme, secret).toBytes(), "default", 3, scheme,
                Instant.now().getEpochSecond() - 30, seed);
        List<Beacon> chain = new ArrayList<>();
        byte[] prev = seed;
        for (long r = 1; r <= 10; r++) {
            byte[] sig = bls.sign(scheme, secret, scheme.digest(prev, r));
            chain.add(new Beacon(r, sig, prev));
            prev = sig;
        }
        try {
            HttpApiService s = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    ChainRegistry.of(new InMemoryBeaconSource(info, chain)), InstantSource.system()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("http api: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void requestHead(byte[] data) throws IOException {
        // Jazzer's SSRF detector would take this test's own connections to its server for a finding
        try (SilentCloseable own = BugDetectors.allowNetworkConnections((host, port) -> port == SERVER.port())) {
            check(data);
        }
    }

    private static void check(byte[] data) throws IOException {
        String status = exchange(data);
        if (status != null) {
            assertThat(status).as("status line").matches("HTTP/1\\.[01] [1-5]\\d\\d.*");
            assertThat(status).as("no server error for: " + new String(data, StandardCharsets.ISO_8859_1))
                    .doesNotMatch("HTTP/1\\.[01] 5\\d\\d.*");
        }
        String info = exchange("GET /info HTTP/1.1\r\nHost: fuzz\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(info).as("GET /info after the input").startsWith("HTTP/1.1 200");
    }

    /** Sends {@code head} + an empty line; the response's status line, or null when none came (closed or waiting). */
    private static String exchange(byte[] head) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), SERVER.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head);
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.net.SocketException e) {
                // the server answered and closed before the whole head was sent (e.g. 431 for a long
                // head): a broken pipe here is the client's, not the server's; read what it answered
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) != -1 && got.size() < 8192) {
                    got.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // waiting for a body the head announced, or reset: no status line
            }
            String line = got.toString(StandardCharsets.ISO_8859_1).trim();
            return line.isEmpty() ? null : line;
        }
    }
}
