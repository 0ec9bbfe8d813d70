package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The status page's files on a real server: the page, its scripts, the vendored library, and nothing else. */
@Timeout(60)
class StatusPageRoutesTest {
    final ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, 1_700_000_000L, 1);
    final HttpClient client = HttpClient.newHttpClient();
    HttpApiService server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(FakeChains.source(info, 1, 3)),
                MutableClock.atSeconds(1_700_000_010L)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsScriptsAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(page.body()).contains("<title>jdrand status</title>", "status/status.js", "importmap");
        assertThat(page.body()).doesNotContain("http://", "https://"); // no external requests
        for (String f : new String[] {"/status/status.js", "/status/verify.js", "/status/status.css",
            "/status/vendor/@noble/curves/bls12-381.js", "/status/vendor/@noble/hashes/sha2.js"}) {
            HttpResponse<String> r = get(f);
            assertThat(r.statusCode()).as(f).isEqualTo(200);
            assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
        assertThat(get("/status/status.js").headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void namesOutsideTheStatusFolderAre404() throws Exception {
        for (String p : new String[] {"/status/missing.js", "/status/.hidden", "/status/vendor/@noble/curves/package.json/x",
            "/status", "/status/a//b", "/index.html"}) {
            assertThat(get(p).statusCode()).as(p).isEqualTo(404);
        }
        // a raw request line the JDK client would normalise
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /status/../ApiRouter.class HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 404");
        }
    }
}
