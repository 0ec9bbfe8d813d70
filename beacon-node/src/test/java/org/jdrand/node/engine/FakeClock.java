package org.jdrand.node.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock tests move by hand, and the scheduler that runs on it: {@link #advanceTo} runs every
 * task due up to the target instant, in time order, with the clock set to each task's instant.
 */
public final class FakeClock implements InstantSource, Scheduler {
    private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) { }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private Instant now;
    private long seq;

    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public InstantSource clock() {
        return this;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        boolean[] cancelled = {false};
        boolean runNow;
        synchronized (this) {
            runNow = !at.isAfter(now);
            if (!runNow) {
                tasks.add(new Task(at, seq++, task, cancelled));
            }
        }
        if (runNow) {
            task.run();
        }
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves the clock to {@code target} (never backwards), running what falls due on the way. */
    public void advanceTo(Instant target) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at.isAfter(target)) {
                    if (target.isAfter(now)) {
                        now = target;
                    }
                    return;
                }
                tasks.poll();
                if (next.at.isAfter(now)) {
                    now = next.at;
                }
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.run.run();
        }
    }

    public void advance(Duration d) {
        advanceTo(instant().plus(d));
    }

    /** Instants of the pending tasks (debugging). */
    public synchronized List<Instant> pending() {
        List<Instant> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.at));
        return out;
    }
}
