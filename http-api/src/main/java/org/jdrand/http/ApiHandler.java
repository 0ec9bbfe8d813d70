package org.jdrand.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection. Routes each request and writes the responses in request order, which
 * HTTP/1.1 pipelining requires even when an earlier request is held open for the next round.
 * Adds the common headers (Server, CORS, Content-Length) and strips the body of HEAD responses.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Pipelined requests in flight before the connection stops reading. */
    private static final int MAX_IN_FLIGHT = 16;

    private static final class Slot {
        final boolean head;
        final HttpObserver.Call call;
        final String ifModifiedSince;
        FullHttpResponse response;

        Slot(boolean head, HttpObserver.Call call, String ifModifiedSince) {
            this.head = head;
            this.call = call;
            this.ifModifiedSince = ifModifiedSince;
        }
    }

    private final ApiRouter router;
    private static final AsciiString ANY_ORIGIN = AsciiString.cached("*");
    private final AsciiString serverHeader;
    private final HttpObserver observer;
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();

    ApiHandler(ApiRouter router, String serverHeader, HttpObserver observer) {
        this.router = router;
        this.serverHeader = AsciiString.of(serverHeader);
        this.observer = observer;
    }

    private static String methodLabel(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m) ? m.name() : "other";
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            Slot slot = new Slot(false, observer.start(methodLabel(req.method())), null);
            inFlight.add(slot);
            complete(ctx, slot, malformed(req.decoderResult().cause()), true);
            return;
        }
        Slot slot = new Slot(HttpMethod.HEAD.equals(req.method()), observer.start(methodLabel(req.method())),
                req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE));
        inFlight.add(slot);
        CompletableFuture<ApiResponse> f = route(req);
        if (f.isDone()) {
            complete(ctx, slot, result(f), false);
        } else {
            f.whenComplete((r, err) -> ctx.executor().execute(() -> complete(ctx, slot, result(f), false)));
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private CompletableFuture<ApiResponse> route(FullHttpRequest req) {
        try {
            return router.route(req.method(), req.uri(), req.headers());
        } catch (RuntimeException e) {
            LOG.warn("http route failed uri={}", req.uri().length() > 80 ? req.uri().substring(0, 80) : req.uri(), e);
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ApiResponse result(CompletableFuture<ApiResponse> f) {
        try {
            return f.join();
        } catch (RuntimeException e) {
            return ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", ApiResponse.NO_CACHE);
        }
    }

    private static ApiResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return ApiResponse.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long", null);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ApiResponse.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large", null);
        }
        if (cause instanceof TooLongFrameException) {
            return ApiResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large", null);
        }
        return ApiResponse.error(HttpResponseStatus.BAD_REQUEST, "malformed request", null);
    }

    /** A 200 whose Last-Modified is not after the client's If-Modified-Since (RFC 9110 §13.1.3). */
    private static boolean notModified(ApiResponse r, String ifModifiedSince) {
        String lastModified = r.headers().get(HttpHeaderNames.LAST_MODIFIED);
        if (!r.status().equals(HttpResponseStatus.OK) || lastModified == null) {
            return false;
        }
        java.util.Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        java.util.Date modified = DateFormatter.parseHttpDate(lastModified);
        return since != null && modified != null && !modified.after(since);
    }

    /** Runs on the event loop: fills the slot, then writes every leading slot that is ready. */
    private void complete(ChannelHandlerContext ctx, Slot slot, ApiResponse r, boolean close) {
        if (!ctx.channel().isActive()) {
            abandonAll();
            return;
        }
        int contentLength = r.body().length; // a 304 or HEAD announces the length a GET 200 would carry
        if (slot.ifModifiedSince != null && notModified(r, slot.ifModifiedSince)) {
            r = new ApiResponse(HttpResponseStatus.NOT_MODIFIED, new byte[0], r.headers());
            r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        }
        boolean noBody = slot.head || r.status().equals(HttpResponseStatus.NOT_MODIFIED);
        ByteBuf content = noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(), content, r.headers(),
                EmptyHttpHeaders.INSTANCE);
        resp.headers()
                .set(HttpHeaderNames.SERVER, serverHeader)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_ORIGIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        if (close) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        slot.response = resp;
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response != null) {
            Slot ready = inFlight.poll();
            FullHttpResponse next = ready.response;
            ready.call.end(next.status().code());
            boolean closing = HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(
                    next.headers().get(HttpHeaderNames.CONNECTION, ""));
            if (closing) {
                ctx.writeAndFlush(next).addListener(ChannelFutureListener.CLOSE);
                abandonAll();
                return;
            }
            ctx.write(next, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (inFlight.size() < MAX_IN_FLIGHT && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (inFlight.isEmpty()) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abandonAll();
        super.channelInactive(ctx);
    }

    /** The client left (or the connection is closing): requests still pending get no response. */
    private void abandonAll() {
        Slot s;
        while ((s = inFlight.poll()) != null) {
            s.call.end(499);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("http connection error remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
