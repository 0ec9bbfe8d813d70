package org.jdrand.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A response before it meets a channel: status, body and the headers specific to the route.
 * The handler adds the common ones (Server, CORS, Content-Length) and drops the body for HEAD.
 */
record ApiResponse(HttpResponseStatus status, byte[] body, HttpHeaders headers) {
    static final String JSON = "application/json";
    static final String IMMUTABLE = "public, max-age=604800, immutable";
    static final String NO_CACHE = "must-revalidate, no-cache, max-age=0";
    static final long WEEK_SECONDS = 604800;

    static ApiResponse json(HttpResponseStatus status, byte[] body, String cacheControl) {
        HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, JSON);
        if (cacheControl != null) {
            h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        }
        return new ApiResponse(status, body, h);
    }

    static ApiResponse ok(byte[] body, String cacheControl) {
        return json(HttpResponseStatus.OK, body, cacheControl);
    }

    static ApiResponse error(HttpResponseStatus status, String message, String cacheControl) {
        return json(status, ApiJson.error(message), cacheControl);
    }

    ApiResponse header(CharSequence name, Object value) {
        headers.set(name, value);
        return this;
    }
}
