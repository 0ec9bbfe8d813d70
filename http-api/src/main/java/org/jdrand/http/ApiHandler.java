package org.jdrand.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection. Routes each request as soon as its head is read (the API has no request
 * bodies: body chunks are dropped, and a body over {@value #MAX_REQUEST_BODY} bytes closes the
 * connection) and writes the responses in request order, which HTTP/1.1 pipelining requires even
 * when an earlier request is held open for the next round. Responses are written as bytes: hot
 * ones were encoded once ({@link ApiResponse#wire()}), the rest by the {@link WireEncoder}.
 */
final class ApiHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Pipelined requests in flight before the connection stops reading. */
    private static final int MAX_IN_FLIGHT = 16;
    private static final byte[] CRLF = {'\r', '\n'};
    /** Largest request body drained before the connection is closed (no route takes a body). */
    static final int MAX_REQUEST_BODY = 8192;

    private static final class Slot {
        final boolean head;
        final boolean close;
        final boolean keepAlive10;
        final HttpObserver.Call call;
        final String ifModifiedSince;
        final boolean http10;
        ByteBuf response;
        int status;
        /** The body still to write after {@code response} (the head), or null. */
        BodyStream stream;

        Slot(boolean head, boolean close, boolean keepAlive10, HttpObserver.Call call, String ifModifiedSince,
                boolean http10) {
            this.head = head;
            this.close = close;
            this.keepAlive10 = keepAlive10;
            this.call = call;
            this.ifModifiedSince = ifModifiedSince;
            this.http10 = http10;
        }
    }

    /** The server's current routes (they change when chains are published). */
    private final java.util.function.Supplier<ApiRouter> router;
    private final WireEncoder encoder;
    private final HttpObserver observer;
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private long bodyBytes;
    /** A response with Connection: close was queued: later requests on this connection are dropped. */
    private boolean closing;
    /** The slot whose body is being streamed (the head of {@link #inFlight}); later responses wait. */
    private StreamSink streaming;

    ApiHandler(java.util.function.Supplier<ApiRouter> router, WireEncoder encoder, HttpObserver observer) {
        this.router = router;
        this.encoder = encoder;
        this.observer = observer;
    }

    private static String methodLabel(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m) ? m.name() : "other";
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest req) {
            bodyBytes = 0;
            onRequest(ctx, req);
        } else if (msg instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (!content.decoderResult().isSuccess()) {
                LOG.debug("http request body malformed remote={}: closing", ctx.channel().remoteAddress());
                ctx.close();
            } else if (bodyBytes > MAX_REQUEST_BODY) {
                LOG.debug("http request body over {} bytes remote={}: closing", MAX_REQUEST_BODY,
                        ctx.channel().remoteAddress());
                ctx.close();
            }
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        if (closing) {
            return;
        }
        if (!req.decoderResult().isSuccess()) {
            closing = true;
            Slot slot = new Slot(false, true, false, observer.start(methodLabel(req.method())), null, false);
            inFlight.add(slot);
            complete(ctx, slot, malformed(req.decoderResult().cause()));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        closing = !keepAlive;
        Slot slot = new Slot(HttpMethod.HEAD.equals(req.method()), !keepAlive,
                keepAlive && req.protocolVersion().equals(HttpVersion.HTTP_1_0),
                observer.start(methodLabel(req.method())), req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE),
                req.protocolVersion().equals(HttpVersion.HTTP_1_0));
        inFlight.add(slot);
        observer.apiCall(ApiCallLabels.of(req.uri()));
        CompletableFuture<ApiResponse> f = route(req);
        if (f.isDone()) {
            complete(ctx, slot, result(f));
        } else {
            f.whenComplete((r, err) -> ctx.executor().execute(() -> complete(ctx, slot, result(f))));
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private CompletableFuture<ApiResponse> route(HttpRequest req) {
        try {
            return router.get().route(req.method(), req.uri(), req.headers());
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

    /** Fills the slot's bytes and status: the shared pre-encoded bytes for a plain keep-alive GET. */
    private void answer(Slot slot, ApiResponse r) {
        slot.status = r.status().code();
        if (r.stream() != null) {
            // HTTP/1.0 has no chunked coding: its body ends with the connection
            slot.stream = r.stream();
            slot.response = Unpooled.wrappedBuffer(encoder.encodeStreamHead(r, slot.close || slot.http10,
                    false, !slot.http10));
            return;
        }
        slot.response = bytes(slot, r);
    }

    private ByteBuf bytes(Slot slot, ApiResponse r) {
        if (r.wire() != null && !slot.head && !slot.close && !slot.keepAlive10 && slot.ifModifiedSince == null) {
            return Unpooled.wrappedBuffer(r.wire());
        }
        boolean noBody = slot.head;
        if (slot.ifModifiedSince != null && notModified(r, slot.ifModifiedSince)) {
            // same cache headers and the Content-Length a 200 would carry, no body (RFC 9110 §15.4.5)
            HttpHeaders h = ApiResponse.newHeaders().set(r.headers());
            h.remove(HttpHeaderNames.CONTENT_TYPE);
            r = new ApiResponse(HttpResponseStatus.NOT_MODIFIED, r.body(), h);
            slot.status = r.status().code();
            noBody = true;
        }
        return Unpooled.wrappedBuffer(encoder.encode(r, noBody, slot.close, slot.keepAlive10));
    }

    /** Runs on the event loop: fills the slot, then writes every leading slot that is ready. */
    private void complete(ChannelHandlerContext ctx, Slot slot, ApiResponse r) {
        if (!ctx.channel().isActive()) {
            abandonAll();
            return;
        }
        answer(slot, r);
        drain(ctx);
    }

    /** Writes every leading slot that is ready, up to a streamed one, which then owns the connection. */
    private void drain(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (streaming == null && !inFlight.isEmpty() && inFlight.peek().response != null) {
            if (inFlight.peek().stream != null) {
                Slot ready = inFlight.peek();
                ctx.writeAndFlush(ready.response, ctx.voidPromise());
                ready.response = Unpooled.EMPTY_BUFFER;
                streaming = new StreamSink(ctx, ready);
                if (ready.head) {
                    ready.stream.cancel();
                    streaming.finish(true);
                } else {
                    ready.stream.start(streaming);
                }
                return;
            }
            Slot ready = inFlight.poll();
            ready.call.end(ready.status);
            if (ready.close) {
                ctx.writeAndFlush(ready.response).addListener(ChannelFutureListener.CLOSE);
                abandonAll();
                return;
            }
            ctx.write(ready.response, ctx.voidPromise());
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (streaming != null && ctx.channel().isWritable()) {
            streaming.onWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** The client left (or the connection is closing): requests still pending get no response. */
    private void abandonAll() {
        if (streaming != null) {
            StreamSink s = streaming;
            streaming = null;
            s.done = true;
            s.slot.stream.cancel();
        }
        Slot s;
        while ((s = inFlight.poll()) != null) {
            s.call.end(499);
            if (s.response != null) {
                s.response.release();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("http connection error remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** The sink of the streamed slot: chunked pieces, then the last chunk; an abort closes the connection. */
    private final class StreamSink implements BodyStream.Sink {
        private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final ChannelHandlerContext ctx;
        final Slot slot;
        private Runnable onWritable;
        boolean done;

        StreamSink(ChannelHandlerContext ctx, Slot slot) {
            this.ctx = ctx;
            this.slot = slot;
        }

        @Override
        public void write(byte[] piece) {
            if (done || piece.length == 0) {
                return;
            }
            if (slot.http10) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(piece), ctx.voidPromise());
                return;
            }
            byte[] size = (Integer.toHexString(piece.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ctx.write(Unpooled.wrappedBuffer(size), ctx.voidPromise());
            ctx.write(Unpooled.wrappedBuffer(piece), ctx.voidPromise());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CRLF), ctx.voidPromise());
        }

        @Override
        public boolean writable() {
            return !done && ctx.channel().isWritable();
        }

        @Override
        public void whenWritable(Runnable task) {
            onWritable = task;
            if (ctx.channel().isWritable()) {
                onWritable();
            }
        }

        void onWritable() {
            Runnable t = onWritable;
            onWritable = null;
            if (t != null && !done) {
                ctx.executor().execute(t);
            }
        }

        @Override
        public void end() {
            if (!done) {
                finish(true);
            }
        }

        @Override
        public void abort(String why) {
            if (!done) {
                LOG.debug("http stream aborted remote={}: {}", ctx.channel().remoteAddress(), why);
                finish(false);
            }
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return ctx.executor();
        }

        /** Ends the body; a complete keep-alive one lets the next pipelined response go out. */
        void finish(boolean complete) {
            done = true;
            streaming = null;
            inFlight.remove(slot);
            slot.call.end(complete ? slot.status : 499);
            if (complete && !slot.head && !slot.http10) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(LAST_CHUNK), ctx.voidPromise());
            }
            if (!complete || slot.close || slot.http10) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                abandonAll();
                return;
            }
            drain(ctx);
        }
    }
}
