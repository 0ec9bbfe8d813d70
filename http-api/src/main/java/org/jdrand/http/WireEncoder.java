package org.jdrand.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes an {@link ApiResponse} as HTTP/1.1 bytes: status line, the route's headers, then the
 * common ones (Server, CORS, Content-Length, Connection when asked). The server writes these bytes
 * straight to the socket (no Netty response encoder), and encodes hot responses only once.
 */
final class WireEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String serverHeader;

    WireEncoder(String serverHeader) {
        this.serverHeader = checkedValue(serverHeader);
    }

    /**
     * @param noBody     HEAD or 304: headers only, with the Content-Length a GET 200 would carry
     * @param close      adds {@code Connection: close} (the server closes after writing)
     * @param keepAlive10 adds {@code Connection: keep-alive} (an HTTP/1.0 client that asked for it)
     */
    byte[] encode(ApiResponse r, boolean noBody, boolean close, boolean keepAlive10) {
        return encode(r, noBody, close, keepAlive10, false);
    }

    /**
     * The head of a streamed response: {@code Transfer-Encoding: chunked} when {@code chunked},
     * else no length at all (an HTTP/1.0 client reads to the close).
     */
    byte[] encodeStreamHead(ApiResponse r, boolean close, boolean keepAlive10, boolean chunked) {
        return encode(r, true, close, keepAlive10, chunked);
    }

    private byte[] encode(ApiResponse r, boolean noBody, boolean close, boolean keepAlive10, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + r.body().length);
        HttpResponseStatus s = r.status();
        ascii(out, "HTTP/1.1 " + s.code() + " " + s.reasonPhrase());
        out.write(CRLF, 0, 2);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            line(out, e.getKey(), e.getValue());
        }
        line(out, HttpHeaderNames.SERVER, serverHeader);
        line(out, HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (r.stream() == null) {
            line(out, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(r.body().length));
        } else if (chunked) {
            line(out, HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        if (close) {
            line(out, HttpHeaderNames.CONNECTION, "close");
        } else if (keepAlive10) {
            line(out, HttpHeaderNames.CONNECTION, "keep-alive");
        }
        out.write(CRLF, 0, 2);
        if (!noBody) {
            out.write(r.body(), 0, r.body().length);
        }
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, CharSequence name, CharSequence value) {
        ascii(out, name);
        out.write(':');
        out.write(' ');
        ascii(out, value);
        out.write(CRLF, 0, 2);
    }

    /** Header text is ASCII by construction; anything else would be a bug, so it is replaced, never sent raw. */
    private static void ascii(ByteArrayOutputStream out, CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.write(c >= 0x20 && c < 0x7f ? c : '?');
        }
    }

    private static String checkedValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("http config: server header has a non-printable character at "
                        + i + " (expected printable ASCII)");
            }
        }
        return v;
    }
}
