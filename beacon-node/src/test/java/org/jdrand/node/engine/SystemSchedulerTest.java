package org.jdrand.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The daemon's scheduler runs an owner's task on the owner's own thread, not before its instant. */
@Timeout(30)
class SystemSchedulerTest {

    @Test
    void aTaskScheduledOnItsOwnerRunsOnTheOwnersThreadAtItsInstant() throws Exception {
        ScheduledThreadPoolExecutor owner = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "owner"));
        try (SystemScheduler scheduler = new SystemScheduler(Clock.systemUTC())) {
            Instant at = Instant.now().plusMillis(40);
            AtomicReference<String> thread = new AtomicReference<>();
            AtomicReference<Instant> ranAt = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.scheduleOn(at, owner, () -> {
                ranAt.set(Instant.now());
                thread.set(Thread.currentThread().getName());
                ran.countDown();
            });
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the task never ran");
            assertEquals("owner", thread.get());
            assertFalse(ranAt.get().isBefore(at), "ran at " + ranAt.get() + ", before " + at);
        } finally {
            owner.shutdownNow();
        }
    }

    @Test
    void aCancelledTaskDoesNotRunAndAShutDownOwnerRunsNothing() throws Exception {
        ScheduledThreadPoolExecutor owner = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "owner"));
        try (SystemScheduler scheduler = new SystemScheduler(Clock.systemUTC())) {
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.scheduleOn(Instant.now().plusMillis(20), owner, ran::countDown).cancel();
            // a later task on the same thread runs: the cancelled one, due before it, did not
            CountDownLatch later = new CountDownLatch(1);
            scheduler.scheduleOn(Instant.now().plusMillis(60), owner, later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS), "the later task never ran");
            assertEquals(1, ran.getCount(), "the cancelled task ran");

            owner.shutdown();
            scheduler.scheduleOn(Instant.now(), owner, ran::countDown).cancel(); // refused quietly
            assertTrue(owner.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(1, ran.getCount(), "a task ran on a shut-down owner");
        } finally {
            owner.shutdownNow();
        }
    }
}
