package org.jdrand.crypto.chain;

/**
 * Round ↔ time arithmetic of drand common/time.go. Times are whole Unix seconds; round 1 is due
 * at genesis.
 */
public final class RoundTime {
    /** drand's overflow sentinel: MaxInt64 − 2^36. */
    public static final long TIME_OF_ROUND_ERROR = Long.MAX_VALUE - (1L << 36);

    private RoundTime() {}

    /** genesis for round 0; genesis + (round − 1)·period otherwise; the sentinel on overflow. */
    public static long timeOfRound(long genesis, long period, long round) {
        if (period < 0 || round < 0) {
            return TIME_OF_ROUND_ERROR;
        }
        if (round == 0) {
            return genesis;
        }
        try {
            long delta = Math.multiplyExact(round - 1, period);
            long t = Math.addExact(genesis, delta);
            return t > TIME_OF_ROUND_ERROR ? TIME_OF_ROUND_ERROR : t;
        } catch (ArithmeticException e) {
            return TIME_OF_ROUND_ERROR;
        }
    }

    /** The next round and its time: (1, genesis) before genesis. */
    public static long[] nextRound(long genesis, long period, long now) {
        if (now < genesis) {
            return new long[] {1, genesis};
        }
        long k = (now - genesis) / period;
        return new long[] {k + 2, genesis + (k + 1) * period};
    }

    /** NextRound − 1, except 1 (not 0) before genesis. */
    public static long currentRound(long genesis, long period, long now) {
        if (now < genesis) {
            return 1;
        }
        return nextRound(genesis, period, now)[0] - 1;
    }
}
