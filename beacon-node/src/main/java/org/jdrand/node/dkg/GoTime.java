package org.jdrand.node.dkg;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Go's {@code time.Time.MarshalBinary} of a UTC instant, as drand signs it (dkg.md §8): 15 bytes,
 * version 1 ‖ BE64(seconds since year 1) ‖ BE32(nanoseconds) ‖ 0xFFFF (UTC).
 */
final class GoTime {
    /** Seconds from 0001-01-01 to 1970-01-01. */
    static final long UNIX_TO_INTERNAL = 62135596800L;

    private GoTime() {}

    static byte[] marshal(Instant t) {
        return ByteBuffer.allocate(15).put((byte) 1).putLong(t.getEpochSecond() + UNIX_TO_INTERNAL)
                .putInt(t.getNano()).putShort((short) -1).array();
    }
}
