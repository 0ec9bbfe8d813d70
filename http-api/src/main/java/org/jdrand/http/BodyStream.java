package org.jdrand.http;

import java.util.concurrent.Executor;

/**
 * A response body produced piece by piece (a range of rounds, an event stream), so the server
 * holds only what the socket has not taken yet. All calls happen on the connection's event loop.
 */
interface BodyStream {

    /** Called once the head is written: write through {@code sink}, then end or abort it. */
    void start(Sink sink);

    /** The client left or the server is closing: stop and release what the stream holds. */
    void cancel();

    /** Where a stream writes; event loop only. */
    interface Sink {
        /** Writes and flushes one piece of the body. */
        void write(byte[] piece);

        /** Whether the connection takes more now without queueing past its high-water mark. */
        boolean writable();

        /** Runs {@code task} once, on the event loop, as soon as the connection is writable again. */
        void whenWritable(Runnable task);

        /** The body is complete. */
        void end();

        /** The body cannot be completed: the connection closes, so the client sees it truncated. */
        void abort(String why);

        /** The connection's event loop, to come back to from other threads. */
        Executor executor();
    }
}
