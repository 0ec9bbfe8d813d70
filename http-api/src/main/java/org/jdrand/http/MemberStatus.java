package org.jdrand.http;

import java.util.Objects;

/**
 * One group member as the status page shows it.
 *
 * @param index          the member's index in the group
 * @param address        its host:port
 * @param self           whether it is the node serving this page
 * @param lastSeenMillis when (the source's clock, ms since the epoch) it last sent this node a
 *                       partial; 0 when it has not since the node started
 */
public record MemberStatus(int index, String address, boolean self, long lastSeenMillis) {
    public MemberStatus {
        Objects.requireNonNull(address, "address");
    }
}
