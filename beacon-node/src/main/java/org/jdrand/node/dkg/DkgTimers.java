package org.jdrand.node.dkg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdrand.node.engine.Scheduler;

/** The pending timers of each beacon's ceremony, cancelled together. Owner thread only. */
final class DkgTimers {
    private final Map<String, List<Scheduler.Cancellable>> timers = new HashMap<>();

    void add(String id, Scheduler.Cancellable c) {
        timers.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
    }

    void cancel(String id) {
        List<Scheduler.Cancellable> list = timers.remove(id);
        if (list != null) {
            list.forEach(Scheduler.Cancellable::cancel);
        }
    }

    void cancelAll() {
        List.copyOf(timers.keySet()).forEach(this::cancel);
    }
}
