package org.jdrand.node.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The daemon's scheduler: the system clock with sub-millisecond timer precision. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private final InstantSource clock;
    private final ScheduledExecutorService timer;

    public SystemScheduler(InstantSource clock) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdrand-timer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        ScheduledFuture<?> f = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable scheduleOn(Instant at, ScheduledExecutorService owner, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        try {
            ScheduledFuture<?> f = owner.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { }; // the owner is shut down
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
