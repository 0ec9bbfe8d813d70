package org.jdrand.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP API of a node or relay: drand v1 and v2 routes and the legacy
 * {@code /api/public}, for the chains of a {@link ChainRegistry}. {@link #start} binds, loads
 * each chain's latest beacon and subscribes to new ones; {@link #close} releases everything.
 */
public final class HttpApiService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiService.class);
    private static final long START_TIMEOUT_MS = 10_000;

    private final HttpConfig config;
    private final ChainRegistry registry;
    private final InstantSource clock;
    private final HttpObserver observer;
    private final List<LiveChain> chains = new ArrayList<>();
    private EventLoopGroup group;
    private Channel serverChannel;

    public HttpApiService(HttpConfig config, ChainRegistry registry, InstantSource clock) {
        this(config, registry, clock, HttpObserver.NONE);
    }

    public HttpApiService(HttpConfig config, ChainRegistry registry, InstantSource clock, HttpObserver observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Loads the chains' latest beacons and binds; returns once the port is open. */
    public synchronized HttpApiService start() throws Exception {
        if (group != null) {
            throw new IllegalStateException("http api: already started");
        }
        LiveChain dflt = null;
        for (BeaconSource s : registry.chains()) {
            LiveChain c = new LiveChain(s);
            c.start(START_TIMEOUT_MS);
            chains.add(c);
            if (s == registry.defaultChain()) {
                dflt = c;
            }
        }
        WireEncoder encoder = new WireEncoder(config.serverHeader());
        ApiRouter router = new ApiRouter(chains, dflt, clock, config.holdMargin(), encoder);
        // no header validation: the server reads only Connection, If-Modified-Since (parsed as a
        // date) and Access-Control-Request-Headers (checked before it is echoed)
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        long idleSeconds = config.idleTimeout().toSeconds();
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            // reader idleness only: tracking writes costs a listener per response
                            p.addLast(new IdleStateHandler(idleSeconds, 0, 0, TimeUnit.SECONDS));
                            p.addLast(new HttpRequestDecoder(decoder));
                            p.addLast(new ApiHandler(router, encoder, observer));
                        }
                    })
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
        } catch (Exception e) {
            close();
            throw e;
        }
        LOG.info("http api listening address={} chains={}", serverChannel.localAddress(), chains.size());
        return this;
    }

    public synchronized InetSocketAddress address() {
        if (serverChannel == null) {
            throw new IllegalStateException("http api: not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public synchronized void close() {
        chains.forEach(LiveChain::close);
        chains.clear();
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            serverChannel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }
}
