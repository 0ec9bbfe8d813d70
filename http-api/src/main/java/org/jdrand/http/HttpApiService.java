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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The chains served now, by chain hash, in publication order. */
    private final Map<String, LiveChain> chains = new LinkedHashMap<>();
    private WireEncoder encoder;
    /** Read once per request: replaced whole when the chains change, never mutated. */
    private volatile ApiRouter router;
    private EventLoopGroup group;
    private Channel serverChannel;
    private boolean quiet;

    public HttpApiService(HttpConfig config, ChainRegistry registry, InstantSource clock) {
        this(config, registry, clock, HttpObserver.NONE);
    }

    public HttpApiService(HttpConfig config, ChainRegistry registry, InstantSource clock, HttpObserver observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Logs nothing when it starts or its chains change: a throwaway server (a warm-up) must not
     * look like the node's API in the node's log. Call before {@link #start}.
     */
    public synchronized HttpApiService quiet() {
        quiet = true;
        return this;
    }

    /** Loads the chains' latest beacons and binds; returns once the port is open. */
    public synchronized HttpApiService start() throws Exception {
        if (group != null) {
            throw new IllegalStateException("http api: already started");
        }
        WireEncoder encoder = new WireEncoder(config.serverHeader());
        this.encoder = encoder;
        publish(registry);
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
                            p.addLast(new ApiHandler(() -> router, encoder, observer));
                        }
                    })
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
        } catch (Exception e) {
            close();
            throw e;
        }
        if (!quiet) {
            LOG.info("http api listening address={} chains={}", serverChannel.localAddress(), chains.size());
        }
        return this;
    }

    /**
     * Serves {@code next} from now on, on the same listener: chains it adds are loaded, chains it
     * drops are closed, and a chain it keeps under a new source (a reshare restarts the beacon
     * process) keeps its held requests and event streams. A node publishes its beacons this way
     * as they appear after a DKG or are loaded, replaced or stopped.
     */
    public synchronized void publish(ChainRegistry next) throws Exception {
        Objects.requireNonNull(next, "registry");
        if (encoder == null) {
            throw new IllegalStateException("http api: publish before start");
        }
        Map<String, LiveChain> kept = new LinkedHashMap<>();
        List<LiveChain> added = new ArrayList<>();
        int replaced = 0;
        LiveChain dflt = null;
        try {
            for (BeaconSource s : next.chains()) {
                String hash = s.info().hashHex();
                LiveChain c = chains.get(hash);
                if (c == null) {
                    c = new LiveChain(s);
                    added.add(c);
                    c.start(START_TIMEOUT_MS);
                } else if (!c.source().equals(s)) {
                    c.replaceSource(s, START_TIMEOUT_MS);
                    replaced++;
                }
                kept.put(hash, c);
                if (s == next.defaultChain()) {
                    dflt = c;
                }
            }
        } catch (Exception e) {
            added.forEach(LiveChain::close); // the routes in service stay as they were
            throw e;
        }
        List<LiveChain> dropped = new ArrayList<>();
        chains.forEach((hash, c) -> {
            if (!kept.containsKey(hash)) {
                dropped.add(c);
            }
        });
        chains.clear();
        chains.putAll(kept);
        router = new ApiRouter(List.copyOf(kept.values()), dflt, clock, config.holdMargin(), encoder);
        dropped.forEach(LiveChain::close);
        if (serverChannel != null && !quiet) {
            LOG.info("http api chains={} added={} replaced={} removed={}", chains.size(), added.size(), replaced,
                    dropped.size());
        }
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
        chains.values().forEach(LiveChain::close);
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
