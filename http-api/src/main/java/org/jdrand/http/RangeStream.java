package org.jdrand.http;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The body of {@code /v2/chains/{hash}/rounds?from=A&to=B}: a JSON array of v2 beacons written a
 * batch at a time, the next batch read only once the connection has taken the previous one, so a
 * range of any allowed length holds at most one batch plus the channel's high-water mark.
 */
final class RangeStream implements BodyStream {
    /** Rounds read and written together. */
    static final int BATCH = 100;

    private final LiveChain chain;
    private final long last;
    private final long readTimeoutMs;
    private List<LiveChain.Serialized> first;
    private long next;
    private boolean cancelled;
    private Sink sink;

    /** @param first the batch already read from {@code from} (so a failing store still gets a status) */
    RangeStream(LiveChain chain, List<LiveChain.Serialized> first, long last, long readTimeoutMs) {
        this.chain = chain;
        this.first = first;
        this.last = last;
        this.readTimeoutMs = readTimeoutMs;
        this.next = first.get(first.size() - 1).beacon().round() + 1;
    }

    @Override
    public void start(Sink sink) {
        this.sink = sink;
        sink.write(piece(first, true));
        first = null;
        pump();
    }

    private void pump() {
        if (cancelled) {
            return;
        }
        if (next > last) {
            sink.write(new byte[] {']', '\n'});
            sink.end();
            return;
        }
        if (!sink.writable()) {
            sink.whenWritable(this::pump);
            return;
        }
        long to = Math.min(last, next + BATCH - 1);
        chain.rounds(next, to, readTimeoutMs).whenComplete((batch, err) -> sink.executor().execute(() -> {
            if (cancelled) {
                return;
            }
            if (err != null) {
                sink.abort("range: reading rounds " + next + ".." + to + " failed: " + err);
                return;
            }
            sink.write(piece(batch, false));
            next = to + 1;
            pump();
        }));
    }

    /** The batch as array elements: the opening bracket before the first, commas between. */
    private static byte[] piece(List<LiveChain.Serialized> batch, boolean opening) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 260 + 2);
        boolean firstItem = opening;
        if (opening) {
            out.write('[');
        }
        for (LiveChain.Serialized s : batch) {
            if (!firstItem) {
                out.write(',');
            }
            firstItem = false;
            out.write(s.v2(), 0, s.v2().length);
        }
        return out.toByteArray();
    }

    @Override
    public void cancel() {
        cancelled = true;
        first = null;
    }
}
