package org.jdrand.node.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs tasks at instants of the node's clock. Injected with the clock so tests drive time
 * (a fake clock advancing runs what is due) and the daemon uses the system clock.
 */
public interface Scheduler {
    /** The clock this scheduler runs on. */
    InstantSource clock();

    /**
     * Runs {@code task} at {@code at} (immediately if past), on a scheduler thread: tasks must be
     * short and hand real work to their owner's executor.
     */
    Cancellable schedule(Instant at, Runnable task);

    /**
     * Runs {@code task} at {@code at} on {@code owner}, the single thread that owns what the task
     * touches (the round engine's). By default a scheduler thread hands it over at {@code at}; the
     * daemon's scheduler lets the owner itself wait for the instant, so no second thread has to be
     * woken at the round's time (a wake-up that waits for a core on a loaded machine). Nothing
     * runs once {@code owner} is shut down.
     */
    default Cancellable scheduleOn(Instant at, ScheduledExecutorService owner, Runnable task) {
        return schedule(at, () -> {
            try {
                owner.execute(task);
            } catch (RejectedExecutionException e) {
                // the owner is shut down
            }
        });
    }

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
