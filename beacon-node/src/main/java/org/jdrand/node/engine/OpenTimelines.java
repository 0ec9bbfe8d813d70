package org.jdrand.node.engine;

import java.util.TreeMap;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The timelines of the rounds not stored yet, each logged with its stored beacon; the oldest is
 * dropped past a few rounds (a round that never completes). Owned by the engine thread.
 */
final class OpenTimelines {
    private static final int KEPT = 8;

    private final ChainInfo info;
    private final TreeMap<Long, RoundTimeline> open = new TreeMap<>();

    OpenTimelines(ChainInfo info) {
        this.info = info;
    }

    /** The timeline of {@code round}, opened on first use. */
    RoundTimeline of(long round) {
        RoundTimeline t = open.get(round);
        if (t == null) {
            t = new RoundTimeline(info.timeOfRound(round));
            open.put(round, t);
            if (open.size() > KEPT) {
                open.pollFirstEntry();
            }
        }
        return t;
    }

    /** Forgets the timelines of rounds up to {@code round} (stored). */
    void closeUpTo(long round) {
        open.headMap(round, true).clear();
    }
}
