package org.jdrand.tlock;

import java.time.Instant;

/** The ciphertext's round is not yet due: nobody can open it before {@link #opensAt()}. */
public class TooEarlyException extends java.security.GeneralSecurityException {
    private static final long serialVersionUID = 1L;
    private final long round;
    private final Instant opensAt;

    public TooEarlyException(long round, Instant opensAt, Instant now) {
        super("tlock: too early: round " + round + " opens at " + opensAt + " (in " + human(now, opensAt) + ")");
        this.round = round;
        this.opensAt = opensAt;
    }

    public long round() {
        return round;
    }

    public Instant opensAt() {
        return opensAt;
    }

    private static String human(Instant from, Instant to) {
        long s = Math.max(0, to.getEpochSecond() - from.getEpochSecond());
        long d = s / 86400;
        long h = (s % 86400) / 3600;
        long m = (s % 3600) / 60;
        if (d > 0) {
            return d + "d " + h + "h";
        }
        if (h > 0) {
            return h + "h " + m + "m";
        }
        return m > 0 ? m + "m " + (s % 60) + "s" : s + "s";
    }
}
