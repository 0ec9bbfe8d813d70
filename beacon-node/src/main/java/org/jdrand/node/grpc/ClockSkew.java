package org.jdrand.node.grpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far each peer's clock is from ours, estimated NTP-style from one request: local send time
 * t0, the peer's wall clock in its answer, local receive time t1; offset = peer − (t0 + t1) / 2
 * (error at most half the round trip). Positive: the peer is ahead, so our clock is behind. When
 * the median over peers passes the threshold, one WARN per change of verdict says so: a node
 * whose clock is off produces partials at the wrong time and drags the group's latency.
 */
public final class ClockSkew {
    private static final Logger LOG = LoggerFactory.getLogger(ClockSkew.class);
    /** Beyond 1 s off the median of its peers a node's rounds visibly lag or lead. */
    public static final double DEFAULT_THRESHOLD_SECONDS = 1.0;
    /**
     * An exchange slower than this says little (the estimate is only good to half the round trip):
     * it is dropped, as NTP drops high-delay samples, and the peer keeps its previous estimate.
     */
    public static final long MAX_ROUND_TRIP_MS = 1_000;

    private final double thresholdSeconds;
    private final Map<String, Double> offsets = new ConcurrentHashMap<>();
    private String verdict;

    public ClockSkew(double thresholdSeconds) {
        if (!(thresholdSeconds > 0)) {
            throw new IllegalArgumentException("clock skew threshold: " + thresholdSeconds + " s (expected > 0)");
        }
        this.thresholdSeconds = thresholdSeconds;
    }

    /** Peer clock minus local clock in seconds, from local t0, the peer's time and local t1 (ms). */
    public static double offsetSeconds(long t0Millis, long peerMillis, long t1Millis) {
        return (peerMillis - (t0Millis + t1Millis) / 2.0) / 1000.0;
    }

    /**
     * Records one exchange with {@code peer} and re-judges the median.
     *
     * @return false when the round trip was too slow (over {@link #MAX_ROUND_TRIP_MS}) to be used
     */
    public boolean record(String peer, long t0Millis, long peerMillis, long t1Millis) {
        if (t1Millis - t0Millis > MAX_ROUND_TRIP_MS || t1Millis < t0Millis) {
            return false;
        }
        offsets.put(peer, offsetSeconds(t0Millis, peerMillis, t1Millis));
        judge();
        return true;
    }

    /** {@code peer} gave no time (a drand node, or no answer): its old estimate is dropped. */
    public void forget(String peer) {
        if (offsets.remove(peer) != null) {
            judge();
        }
    }

    /** Each measured peer's offset in seconds (peer − local), by address. */
    public Map<String, Double> peers() {
        return new TreeMap<>(offsets);
    }

    /** The median offset over measured peers (peer − local, seconds); empty with no peer measured. */
    public OptionalDouble median() {
        List<Double> v = new ArrayList<>(offsets.values());
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        Collections.sort(v);
        int n = v.size();
        return OptionalDouble.of(n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2);
    }

    /** The verdict last logged, or null while the clock agrees with its peers. */
    public synchronized String verdict() {
        return verdict;
    }

    private synchronized void judge() {
        OptionalDouble m = median();
        String now = null;
        if (m.isPresent() && Math.abs(m.getAsDouble()) > thresholdSeconds) {
            double s = m.getAsDouble();
            now = Math.round(Math.abs(s)) + "s " + (s > 0 ? "behind" : "ahead of");
        }
        if (java.util.Objects.equals(now, verdict)) {
            return;
        }
        if (now != null) {
            LOG.warn("local clock appears {} peers (median of {} peers)", now, offsets.size());
        } else {
            LOG.info("local clock agrees with peers again (median of {} peers within {} s)", offsets.size(),
                    thresholdSeconds);
        }
        verdict = now;
    }
}
