package org.jdrand.node.engine;

import java.time.Instant;
import java.util.Locale;

/**
 * When each step of one round happened on this node, in milliseconds after the round's time:
 * the tick fired (the engine thread woke for it), the engine thread ran the tick, the own partial
 * was signed and handed to the peers' gRPC calls, each peer partial reached the gRPC handler and
 * then the engine thread, the beacon was recovered (combined and verified), served (the verified
 * listeners ran: HTTP waiters answered, event streams pushed, before the fsync), stored (fsync
 * included) and published to the stored listeners (gRPC chain streams, metrics, awaitRound).
 * Logged with the stored beacon, so an operator sees where a late round lost its time. Owned by
 * the engine thread.
 */
final class RoundTimeline {
    private final long roundMicros;
    private final StringBuilder steps = new StringBuilder(160);

    RoundTimeline(long roundTimeSeconds) {
        this.roundMicros = roundTimeSeconds * 1_000_000L;
    }

    /** Microseconds since the epoch of {@code at} (the clock's precision, microseconds on Linux). */
    static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    void step(String name, long atMicros) {
        sep().append(name).append(':').append(ms(atMicros));
    }

    /** A peer partial of group index {@code index}: at the gRPC handler, then on the engine thread. */
    void partial(int index, long arrivedMicros, long offeredMicros) {
        sep().append('p').append(index).append(':').append(ms(arrivedMicros)).append('/').append(ms(offeredMicros));
    }

    private StringBuilder sep() {
        return steps.length() == 0 ? steps : steps.append(',');
    }

    private String ms(long atMicros) {
        return String.format(Locale.ROOT, "%.1f", (atMicros - roundMicros) / 1000.0);
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
