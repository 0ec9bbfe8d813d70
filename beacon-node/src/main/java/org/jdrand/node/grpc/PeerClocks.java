package org.jdrand.node.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A light periodic drand.Protocol/Status to every group peer that measures its clock against
 * ours ({@link ClockSkew}). drand's StatusResponse has no time field and must stay as drand
 * defines it, so jdrand nodes carry their wall clock in a response header ({@link #TIME_HEADER},
 * added by {@link #timeHeader}); drand nodes do not send it and simply get no estimate.
 */
public final class PeerClocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerClocks.class);
    /** The answering node's wall clock, milliseconds since the epoch, in the response headers. */
    public static final Metadata.Key<String> TIME_HEADER = Metadata.Key.of("jdrand-time-ms",
            Metadata.ASCII_STRING_MARSHALLER);
    /** Often enough to see a clock jump within a few rounds, rare enough to cost nothing. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    private static final long DEADLINE_MS = 5_000;

    private final Scheduler scheduler;
    private final Function<String, Channel> dial;
    private final Supplier<Map<String, String>> peers;
    private final ClockSkew skew;
    private final Duration interval;
    private Scheduler.Cancellable next;
    private boolean closed;

    /**
     * @param peers peer address → a beacon ID it serves (the Status request names one)
     */
    public PeerClocks(Scheduler scheduler, Function<String, Channel> dial, Supplier<Map<String, String>> peers,
            ClockSkew skew, Duration interval) {
        this.scheduler = scheduler;
        this.dial = dial;
        this.peers = peers;
        this.skew = skew;
        this.interval = interval;
    }

    /** Server side: every response's headers carry this node's wall clock. */
    public static ServerInterceptor timeHeader(InstantSource clock) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return next.startCall(new SimpleForwardingServerCall<>(call) {
                    private boolean headersSent;

                    @Override
                    public void sendHeaders(Metadata responseHeaders) {
                        headersSent = true;
                        responseHeaders.put(TIME_HEADER, Long.toString(clock.millis()));
                        super.sendHeaders(responseHeaders);
                    }

                    @Override
                    public void close(Status status, Metadata trailers) {
                        if (!headersSent) { // an error without headers (trailers only): the time goes there
                            trailers.put(TIME_HEADER, Long.toString(clock.millis()));
                        }
                        super.close(status, trailers);
                    }
                }, headers);
            }
        };
    }

    /** Probes now, then every interval on the scheduler's clock. */
    public PeerClocks start() {
        probeAll();
        scheduleNext();
        return this;
    }

    private synchronized void scheduleNext() {
        if (!closed) {
            next = scheduler.schedule(scheduler.clock().instant().plus(interval), this::tick);
        }
    }

    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        probeAll();
        scheduleNext();
    }

    /** One Status to every peer; answers are recorded as they come (never blocks). */
    public void probeAll() {
        Map<String, String> now = peers.get();
        skew.peers().keySet().stream().filter(p -> !now.containsKey(p)).forEach(skew::forget);
        now.forEach(this::probe);
    }

    private void probe(String peer, String beaconId) {
        InstantSource clock = scheduler.clock();
        ClientCall<StatusRequest, StatusResponse> call;
        try {
            call = dial.apply(peer).newCall(ProtocolGrpc.getStatusMethod(),
                    CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            skew.forget(peer);
            return;
        }
        long t0 = clock.millis();
        call.start(new ClientCall.Listener<>() {
            private boolean timed;

            @Override
            public void onHeaders(Metadata headers) {
                timed = read(headers, clock.millis());
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (!timed && !read(trailers, clock.millis())) {
                    skew.forget(peer);
                }
            }

            /** @return whether the peer's time was there (a drand node sends none) */
            private boolean read(Metadata md, long t1) {
                String peerTime = md.get(TIME_HEADER);
                if (peerTime == null) {
                    return false;
                }
                try {
                    skew.record(peer, t0, Long.parseLong(peerTime), t1); // a slow exchange keeps the old estimate
                    return true;
                } catch (NumberFormatException e) {
                    LOG.debug("peer time unreadable peer={} value={}", peer,
                            peerTime.length() > 20 ? peerTime.substring(0, 20) : peerTime);
                    return false;
                }
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(StatusRequest.newBuilder().setMetadata(ProtoMapper.metadata(beaconId)).build());
        call.halfClose();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }
}
