package org.jdrand.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@code /v2/chains/{hash}/rounds/stream}: Server-Sent Events, one per round in
 * increasing order with the round as event id and the v1 beacon JSON (with randomness) as data,
 * after a {@code clock} event carrying the server's time (the status page ticks on it).
 * It starts after {@code Last-Event-ID} when the client sent one (replaying the rounds it missed
 * from the source), else with the latest beacon; then follows the chain. Every round is sent
 * exactly once: rounds pushed while others are still being replayed wait, and a round skipped by
 * the push is read from the source. Nothing is written while the connection is not writable, so
 * a slow client holds at most one batch; if a round cannot be read the connection closes and the
 * client resumes with its Last-Event-ID.
 */
final class EventStream implements BodyStream {
    /** Pushed beacons kept while a replay is under way; older ones are read again from the source. */
    private static final int PUSHED_KEPT = 64;
    private static final long KEEPALIVE_SECONDS = 15;
    private static final byte[] KEEPALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final LiveChain chain;
    private final long readTimeoutMs;
    /** Sent first: the reconnect delay, and the server's clock so a page can tick on the chain's time. */
    private final byte[] preamble;
    /** Last round sent (the client's Last-Event-ID at first). */
    private long sent;
    /** Highest round known to be stored. */
    private long known;
    private final ArrayDeque<LiveChain.Serialized> pushed = new ArrayDeque<>();
    private boolean reading;
    private boolean cancelled;
    private Sink sink;
    private BeaconSource.Subscription subscription;
    private ScheduledFuture<?> keepAlive;

    /** @param after the last round the client has (0 for none); without one, the stream starts at the latest */
    EventStream(LiveChain chain, long after, long readTimeoutMs, long nowMs) {
        this.chain = chain;
        this.sent = after;
        this.readTimeoutMs = readTimeoutMs;
        this.preamble = ("retry: 1000\n\nevent: clock\ndata: {\"now_ms\":" + nowMs + "}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts after the client's Last-Event-ID, or (when null) just before the latest round. */
    static EventStream resuming(LiveChain chain, Long lastEventId, long readTimeoutMs, long nowMs) {
        long after = lastEventId != null ? lastEventId : Math.max(0, chain.latestRound() - 1);
        return new EventStream(chain, after, readTimeoutMs, nowMs);
    }

    @Override
    public void start(Sink sink) {
        this.sink = sink;
        Executor loop = sink.executor();
        subscription = chain.follow(s -> loop.execute(() -> onPushed(s)));
        known = Math.max(sent, chain.latestRound()); // read after subscribing: nothing falls between
        sink.write(preamble);
        if (loop instanceof ScheduledExecutorService timer) {
            keepAlive = timer.scheduleAtFixedRate(() -> {
                if (!cancelled && sink.writable()) {
                    sink.write(KEEPALIVE);
                }
            }, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        }
        pump();
    }

    private void onPushed(LiveChain.Serialized s) {
        if (cancelled || s.beacon().round() <= sent) {
            return;
        }
        known = Math.max(known, s.beacon().round());
        if (pushed.size() == PUSHED_KEPT) {
            pushed.pollFirst();
        }
        pushed.addLast(s);
        pump();
    }

    /** Sends rounds sent+1..known in order: from the pushed ones or memory, else a batch from the source. */
    private void pump() {
        while (!cancelled && !reading && sent < known) {
            if (!sink.writable()) {
                sink.whenWritable(this::pump);
                return;
            }
            long wanted = sent + 1;
            LiveChain.Serialized s = takePushed(wanted);
            if (s == null) {
                s = chain.recent(wanted);
            }
            if (s != null) {
                send(s);
                continue;
            }
            long to = Math.min(known, wanted + RangeStream.BATCH - 1);
            reading = true;
            chain.rounds(wanted, to, readTimeoutMs).whenComplete((batch, err) -> sink.executor().execute(() -> {
                reading = false;
                if (cancelled) {
                    return;
                }
                if (err != null) {
                    sink.abort("event stream: reading rounds " + wanted + ".." + to + " failed: " + err);
                    return;
                }
                sendAll(batch);
                pump();
            }));
            return;
        }
    }

    private LiveChain.Serialized takePushed(long round) {
        while (!pushed.isEmpty() && pushed.peekFirst().beacon().round() < round) {
            pushed.pollFirst();
        }
        return !pushed.isEmpty() && pushed.peekFirst().beacon().round() == round ? pushed.pollFirst() : null;
    }

    private void sendAll(List<LiveChain.Serialized> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 300);
        for (LiveChain.Serialized s : batch) {
            if (s.beacon().round() == sent + 1) {
                event(out, s);
                sent++;
            }
        }
        sink.write(out.toByteArray());
    }

    private void send(LiveChain.Serialized s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        event(out, s);
        sent = s.beacon().round();
        sink.write(out.toByteArray());
    }

    private static void event(ByteArrayOutputStream out, LiveChain.Serialized s) {
        byte[] head = ("id: " + s.beacon().round() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        out.write(head, 0, head.length);
        out.write(s.v1(), 0, s.v1().length); // compact JSON: one line
        out.write('\n');
        out.write('\n');
    }

    @Override
    public void cancel() {
        cancelled = true;
        pushed.clear();
        if (subscription != null) {
            subscription.close();
        }
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
    }
}
