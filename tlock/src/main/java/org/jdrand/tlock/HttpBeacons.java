package org.jdrand.tlock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jdrand.crypto.chain.Beacon;

/**
 * Beacons and chain info from a drand HTTP endpoint: {@code <base>/public/<round>} and
 * {@code <base>/info}, where base is a node or relay URL with the chain hash when it serves several
 * chains (e.g. https://api.drand.sh/52db9ba7…). Verification is the caller's.
 */
public final class HttpBeacons implements BeaconSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final String base;
    private final HttpClient http;

    public HttpBeacons(String baseUrl) {
        String b = baseUrl.trim();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        URI.create(this.base);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public Beacon beacon(long round) throws IOException {
        return BeaconJson.parse(get("/public/" + round));
    }

    /** The chain info JSON the endpoint serves. */
    public String chainInfoJson() throws IOException {
        return get("/info");
    }

    private String get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("http: interrupted fetching " + base + path, e);
        } catch (IOException e) {
            // the JDK's client often has no message (a refused connection is a bare ConnectException)
            throw new IOException("http: GET " + base + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + " (expected an answer)", e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("http: GET " + base + path + ": status " + resp.statusCode() + " (expected 200)");
        }
        return resp.body();
    }
}
