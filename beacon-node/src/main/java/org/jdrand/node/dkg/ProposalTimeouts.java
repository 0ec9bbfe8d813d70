package org.jdrand.node.dkg;

import java.util.concurrent.Executor;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.node.engine.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves a pending proposal to TimedOut when its timeout passes before the execution starts. */
final class ProposalTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalTimeouts.class);

    private final Scheduler scheduler;
    private final Executor owner;
    private final CeremonyBook book;
    private final DkgTimers timers;

    ProposalTimeouts(Scheduler scheduler, Executor owner, CeremonyBook book, DkgTimers timers) {
        this.scheduler = scheduler;
        this.owner = owner;
        this.book = book;
        this.timers = timers;
    }

    /** Watches {@code e} if it is a proposal still waiting for answers or execution. */
    void watch(DkgEntry e) {
        if (e.timeout() == null || e.state().isIdle() || e.state() == DkgState.EXECUTING) {
            return;
        }
        String id = e.beaconId();
        int epoch = e.epoch();
        timers.add(id, scheduler.schedule(e.timeout(), () -> owner.execute(() -> {
            DkgEntry cur = book.current(id);
            // an execution has its own deadline (ExecutionRunner); anything else still pending times out
            if (cur.epoch() == epoch && cur.state().canMoveTo(DkgState.TIMED_OUT) && cur.state() != DkgState.EXECUTING) {
                book.put(cur.ended(cur.ceremony().timedOut(), "proposal timeout " + cur.timeout() + " passed"));
                book.persistQuietly();
                LOG.warn("dkg timed out id={} epoch={} state_was={}", id, epoch, cur.state());
            }
        })));
    }
}
