package org.jdrand.dkg.ceremony;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Go's {@code time.Time.MarshalBinary} (version 1) of a UTC instant, which drand puts in the
 * bytes a gossip packet is signed over: 0x01 ‖ BE64(seconds since year 1) ‖ BE32(nanoseconds)
 * ‖ BE16(-1, the UTC zone marker). Nanoseconds are signed: keep timestamps at full precision.
 */
public final class GoTime {
    /** Seconds from 0001-01-01T00:00:00Z to the Unix epoch. */
    static final long UNIX_TO_INTERNAL = 62135596800L;

    private GoTime() {}

    public static byte[] marshal(Instant t) {
        return marshal(t.getEpochSecond(), t.getNano());
    }

    public static byte[] marshal(long unixSeconds, int nanos) {
        return ByteBuffer.allocate(15).put((byte) 1).putLong(unixSeconds + UNIX_TO_INTERNAL).putInt(nanos)
                .putShort((short) -1).array();
    }
}
