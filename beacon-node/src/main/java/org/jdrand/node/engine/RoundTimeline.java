package org.jdrand.node.engine;

import java.time.Instant;

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
        ms(sep().append(name).append(':'), atMicros);
    }

    /** A peer partial of group index {@code index}: at the gRPC handler, then on the engine thread. */
    void partial(int index, long arrivedMicros, long offeredMicros) {
        ms(sep().append('p').append(index).append(':'), arrivedMicros).append('/');
        ms(steps, offeredMicros);
    }

    private StringBuilder sep() {
        return steps.length() == 0 ? steps : steps.append(',');
    }

    /**
     * Appends the milliseconds after the round's time with one decimal, as {@code %.1f} would
     * (half up, "-0.0" just before the round's time), without a Formatter: this runs on the
     * engine thread several times a round.
     */
    private StringBuilder ms(StringBuilder to, long atMicros) {
        long d = atMicros - roundMicros;
        if (d < 0) {
            to.append('-');
        }
        long tenths = (Math.abs(d) + 50) / 100;
        return to.append(tenths / 10).append('.').append((char) ('0' + tenths % 10));
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
