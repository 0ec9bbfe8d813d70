package org.jdrand.http;

import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The status page and its scripts, served from the classpath ({@code org/jdrand/http/status/},
 * the vendored libraries included). A file is read once, on first request, and kept with its
 * response encoded; names are checked before any lookup, so no request can leave that folder.
 */
final class StaticFiles {
    private static final String ROOT = "status/";
    /** Path segments of letters, digits, '.', '_', '-' and '@' that do not start with a dot. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_@-][A-Za-z0-9._@-]*/)*[A-Za-z0-9_@-][A-Za-z0-9._@-]*");
    private static final int MAX_FILE = 1 << 20;

    private final WireEncoder encoder;
    private final ConcurrentHashMap<String, Optional<ApiResponse>> files = new ConcurrentHashMap<>();

    StaticFiles(WireEncoder encoder) {
        this.encoder = encoder;
    }

    /** The file at {@code path} (relative to the status folder), or a 404. */
    ApiResponse get(String path) {
        if (path.length() > 200 || !SAFE.matcher(path).matches()) {
            return ApiResponse.error(NOT_FOUND, "no file " + (path.length() > 80 ? path.substring(0, 80) : path),
                    ApiResponse.NO_CACHE);
        }
        return files.computeIfAbsent(path, this::load)
                .orElseGet(() -> ApiResponse.error(NOT_FOUND, "no file " + path, ApiResponse.NO_CACHE));
    }

    private Optional<ApiResponse> load(String path) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readNBytes(MAX_FILE);
            HttpHeaders h = ApiResponse.newHeaders();
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType(path));
            // the page itself is revalidated so a new version shows at once; its scripts may be cached a while
            h.set(HttpHeaderNames.CACHE_CONTROL, path.endsWith(".html") ? "no-cache" : "public, max-age=300");
            h.set("X-Content-Type-Options", "nosniff");
            return Optional.of(new ApiResponse(OK, body, h).encoded(encoder));
        } catch (IOException e) {
            throw new UncheckedIOException("status page: reading " + path + " failed", e);
        }
    }

    private static String contentType(String path) {
        if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (path.endsWith(".json")) {
            return "application/json";
        }
        return "text/plain; charset=utf-8";
    }
}
