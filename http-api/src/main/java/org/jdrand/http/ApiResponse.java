package org.jdrand.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

/**
 * A response before it meets a channel: status, body and the headers specific to the route. The
 * handler adds the common ones (Server, CORS, Content-Length) and drops the body for HEAD.
 * Treated as immutable once built ({@link #header} copies), so hot responses can be shared by
 * every request and carry their bytes already encoded in {@code wire}.
 *
 * @param wire   the whole HTTP/1.1 keep-alive answer to a plain GET, encoded once; null when not
 *               cached (then the handler encodes the response itself)
 * @param stream a body written piece by piece after the head (then {@code body} is empty and the
 *               head carries no Content-Length), or null for a whole body
 */
record ApiResponse(HttpResponseStatus status, byte[] body, HttpHeaders headers, byte[] wire, BodyStream stream) {
    // AsciiString values are copied to the wire without re-encoding
    static final AsciiString JSON = AsciiString.cached("application/json");
    static final AsciiString IMMUTABLE = AsciiString.cached("public, max-age=604800, immutable");
    static final AsciiString NO_CACHE = AsciiString.cached("must-revalidate, no-cache, max-age=0");
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);
    static final long WEEK_SECONDS = 604800;

    ApiResponse(HttpResponseStatus status, byte[] body, HttpHeaders headers) {
        this(status, body, headers, null, null);
    }

    ApiResponse(HttpResponseStatus status, byte[] body, HttpHeaders headers, byte[] wire) {
        this(status, body, headers, wire, null);
    }

    /** A 200 whose body {@code stream} writes after the head. */
    static ApiResponse streamed(CharSequence contentType, CharSequence cacheControl, BodyStream stream) {
        HttpHeaders h = newHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        return new ApiResponse(HttpResponseStatus.OK, new byte[0], h, null, stream);
    }

    static HttpHeaders newHeaders() {
        return HEADERS.newHeaders();
    }

    static ApiResponse json(HttpResponseStatus status, byte[] body, CharSequence cacheControl) {
        HttpHeaders h = newHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, JSON);
        if (cacheControl != null) {
            h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        }
        return new ApiResponse(status, body, h);
    }

    static ApiResponse ok(byte[] body, CharSequence cacheControl) {
        return json(HttpResponseStatus.OK, body, cacheControl);
    }

    static ApiResponse error(HttpResponseStatus status, String message, CharSequence cacheControl) {
        return json(status, ApiJson.error(message), cacheControl);
    }

    /** A copy with {@code name} set to {@code value} (and no pre-encoded bytes: they would be stale). */
    ApiResponse header(CharSequence name, Object value) {
        HttpHeaders h = newHeaders().set(headers);
        h.set(name, value);
        return new ApiResponse(status, body, h, null, stream);
    }

    /** This response with its plain-GET answer encoded by {@code encoder}, for sharing. */
    ApiResponse encoded(WireEncoder encoder) {
        return new ApiResponse(status, body, headers, encoder.encode(this, false, false, false));
    }
}
