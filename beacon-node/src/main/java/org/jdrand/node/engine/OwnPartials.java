package org.jdrand.node.engine;

import java.time.Instant;
import java.util.Arrays;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * This node's own partials. The next round's is signed ahead of its time, half a period before
 * it (not right after the previous round is stored: nodes sharing a machine with their peers, as
 * in the demo, would sign while the slower ones still recover that round, and the group's latency
 * is set by the slowest), so that the tick only sends it; it is never sent before the round's time.
 * Owned by the engine thread.
 */
final class OwnPartials {
    /** A partial and whether it was signed ahead (timelines say "presigned" then). */
    record Partial(byte[] bytes, boolean ahead) {}

    private record Presigned(long round, byte[] prev, byte[] partial) {}

    private final ChainInfo info;
    private final BeaconCrypto crypto;
    private Presigned presigned;
    /** The round whose signing ahead is scheduled, 0 none. */
    private long scheduled;

    OwnPartials(ChainInfo info, BeaconCrypto crypto) {
        this.info = info;
        this.crypto = crypto;
    }

    /** True when this node signs (it holds a share). */
    boolean signs() {
        return crypto.ownIndex() >= 0;
    }

    /**
     * When to sign {@code round}'s partial ahead, or null when there is nothing to schedule (no
     * share, already signed or scheduled). Marks it scheduled.
     */
    Instant scheduleFor(long round) {
        if (!signs() || scheduled == round || presigned != null && presigned.round() == round) {
            return null;
        }
        scheduled = round;
        return Instant.ofEpochSecond(info.timeOfRound(round)).minusMillis(info.periodSeconds() * 500L);
    }

    /** Signs {@code round}'s partial over {@code prev} now, unless it is already. */
    void signAhead(long round, byte[] prev) {
        if (signs() && (presigned == null || presigned.round() != round || !Arrays.equals(presigned.prev(), prev))) {
            presigned = new Presigned(round, prev, crypto.signPartial(info.scheme().digest(prev, round)));
        }
    }

    /** The partial of {@code round} over {@code prev}: the one signed ahead, else signed now. */
    Partial partial(long round, byte[] prev) {
        Presigned ready = presigned;
        if (ready != null && ready.round() == round && Arrays.equals(ready.prev(), prev)) {
            return new Partial(ready.partial(), true);
        }
        return new Partial(crypto.signPartial(info.scheme().digest(prev, round)), false);
    }
}
