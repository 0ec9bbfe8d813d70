package org.jdrand.node.daemon;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * When a warm-up makes its next call: a burst of calls, then a trickle until the JIT has been
 * quiet for a moment, then shorter bursts, each followed by a trickle again, until a burst and its
 * trickle leave the JIT nearly idle (at least {@value #MIN_SETTLES}, at most {@value #MAX_SETTLES}
 * of them). {@link #getAsBoolean()} blocks during a trickle and answers false when the warm-up is
 * done.
 *
 * <p>Why: HotSpot's tiered policy lets a method in C1's profiling tier ask for C2 only once every
 * 1,024 calls, against a threshold scaled up by the length of C2's queue, and drops a queued task
 * whose method was not called in the last 50 ms ({@code TieredCompileTaskTimeout}); and it counts
 * from the method's C1 compilation, which on a busy machine comes late in a burst. One burst
 * floods the queues: many of the path's methods are declined or dropped, ask again only 1,024
 * calls later, at one round a second during the node's first minutes, and are compiled at the
 * rounds' instants (docs/PERFORMANCE.md, session 18). The trickle keeps the queued tasks alive
 * until they are compiled; each later burst, longer than 1,024 calls, makes every method ask
 * again against a short queue.
 */
final class WarmupPacing implements BooleanSupplier {
    /**
     * Calls in each burst after the first: more than the 1,024 between two of a method's requests
     * (a smaller first burst, as tests set, caps them too: their nodes need little warming).
     */
    static final int SETTLE_BURST = 1_100;
    static final int MIN_SETTLES = 1;
    static final int MAX_SETTLES = 6;
    /** A burst and its trickle after which the JIT compiled for less than this long end the warm-up. */
    static final long SETTLED_COMPILE_MILLIS = 100;
    /** Below the 50 ms after which a queued task of a method no longer called is dropped. */
    static final long TRICKLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The JIT counts as quiet when its compilation time has not grown for this long. */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** A trickle ends after this long even if the JIT never goes quiet (other work compiling). */
    static final long TRICKLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(4);

    private final LongSupplier compileMillis;
    private final LongSupplier nanoTime;
    private final LongConsumer sleepNanos;
    private final int bound;
    private final int settleBurst;
    private int calls;
    private int burstLeft;
    private int settles;
    private long cycleCompileMillis;
    private boolean trickling;
    private boolean done;
    private long trickleStart;
    private long lastChange;
    private long lastCompileMillis;

    WarmupPacing(int firstBurst, LongSupplier compileMillis, LongSupplier nanoTime, LongConsumer sleepNanos) {
        if (firstBurst < 1) {
            throw new IllegalArgumentException("warm-up pacing: first burst " + firstBurst + " calls (expected >= 1)");
        }
        this.burstLeft = firstBurst;
        this.compileMillis = compileMillis;
        this.nanoTime = nanoTime;
        this.sleepNanos = sleepNanos;
        this.bound = bound(firstBurst);
        this.settleBurst = settleBurst(firstBurst);
        this.cycleCompileMillis = compileMillis.getAsLong();
    }

    /** Paced by this JVM's JIT (its total compilation time), in real time. */
    static WarmupPacing ofThisJvm(int firstBurst) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        // no JIT (-Xint) or no timing: each trickle quiet after QUIET_NANOS, one later burst, done
        LongSupplier millis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0;
        return new WarmupPacing(firstBurst, millis, System::nanoTime, WarmupPacing::sleep);
    }

    /** The most calls a pacing that starts with {@code firstBurst} can make. */
    static int bound(int firstBurst) {
        long perTrickle = TRICKLE_LIMIT_NANOS / TRICKLE_NANOS + 1;
        return (int) Math.min(Integer.MAX_VALUE,
                firstBurst + (long) MAX_SETTLES * settleBurst(firstBurst) + (MAX_SETTLES + 1) * perTrickle);
    }

    /** The calls in each burst after a first of {@code firstBurst}. */
    static int settleBurst(int firstBurst) {
        return Math.min(SETTLE_BURST, firstBurst);
    }

    int bound() {
        return bound;
    }

    /** Calls allowed so far. */
    int calls() {
        return calls;
    }

    /** Bursts after the first so far. */
    int settles() {
        return settles;
    }

    @Override
    public boolean getAsBoolean() {
        if (done || calls >= bound || Thread.currentThread().isInterrupted()) { // interrupted: the daemon is stopping
            return false;
        }
        if (!trickling && burstLeft > 0) {
            burstLeft--;
            calls++;
            return true;
        }
        if (!trickling) {
            trickling = true;
            trickleStart = nanoTime.getAsLong();
            lastChange = trickleStart;
            lastCompileMillis = compileMillis.getAsLong();
        }
        sleepNanos.accept(TRICKLE_NANOS);
        long now = nanoTime.getAsLong();
        long compiled = compileMillis.getAsLong();
        if (compiled != lastCompileMillis) {
            lastCompileMillis = compiled;
            lastChange = now;
        }
        if (now - lastChange >= QUIET_NANOS || now - trickleStart >= TRICKLE_LIMIT_NANOS) {
            trickling = false;
            boolean settled = compiled - cycleCompileMillis < SETTLED_COMPILE_MILLIS;
            if (settles == MAX_SETTLES || settles >= MIN_SETTLES && settled) {
                done = true;
                return false;
            }
            settles++;
            cycleCompileMillis = compiled;
            burstLeft = settleBurst;
            return getAsBoolean();
        }
        calls++;
        return true;
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the next call ends the warm-up
        }
    }
}
