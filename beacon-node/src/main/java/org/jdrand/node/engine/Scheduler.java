package org.jdrand.node.engine;

import java.time.Instant;
import java.time.InstantSource;

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

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
