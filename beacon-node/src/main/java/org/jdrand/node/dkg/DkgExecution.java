package org.jdrand.node.dkg;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jdrand.crypto.Hex;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgOutcome;
import org.jdrand.dkg.DkgPhase;
import org.jdrand.dkg.DkgSession;
import org.jdrand.dkg.DkgStep;
import org.jdrand.node.engine.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running kyber session with drand's echo broadcast (broadcast.go): every new authentic
 * bundle is re-broadcast once to all participants, then handed to the session. Each phase ends
 * when fast sync moves it or when its timeout fires. Confined to the ceremony's owner thread:
 * every method is called there, timers hop back through {@code owner}.
 */
final class DkgExecution {
    private static final Logger LOG = LoggerFactory.getLogger(DkgExecution.class);

    /** Sends a bundle to every other participant. */
    interface Broadcaster {
        void broadcast(DkgBundle bundle);
    }

    private final String beaconId;
    private final DkgSession session;
    private final Broadcaster out;
    private final Scheduler scheduler;
    private final Consumer<Runnable> owner;
    private final Duration phaseTimeout;
    private final Consumer<DkgOutcome> done;
    private final Set<String> seen = new HashSet<>();
    private Scheduler.Cancellable timer;
    private DkgPhase timedPhase;
    private boolean finished;
    private Instant started;

    DkgExecution(String beaconId, DkgSession session, Broadcaster out, Scheduler scheduler, Consumer<Runnable> owner,
            Duration phaseTimeout, Consumer<DkgOutcome> done) {
        this.beaconId = beaconId;
        this.session = session;
        this.out = out;
        this.scheduler = scheduler;
        this.owner = owner;
        this.phaseTimeout = phaseTimeout;
        this.done = done;
    }

    /** Kickoff: deal, then follow fast sync and the phase timers. */
    void start() {
        started = scheduler.clock().instant();
        LOG.info("dkg kickoff id={} index={} {}", beaconId, session.index(), session.config());
        sendAll(session.start());
        afterStep();
    }

    DkgPhase phase() {
        return session.phase();
    }

    void onBundle(DkgBundle bundle) {
        if (finished || !seen.add(Hex.encode(bundle.hash()))) {
            return;
        }
        DkgStep step = session.onBundle(bundle);
        switch (step.receipt()) {
            case ACCEPTED, LATE -> out.broadcast(bundle);
            case REJECTED, CONFLICT -> LOG.warn("dkg bundle {} id={} signer={} reason={}", step.receipt(), beaconId,
                    bundle.signerIndex(), step.reason());
            default -> { }
        }
        sendAll(step.outgoing());
        afterStep();
    }

    void cancel() {
        finished = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void sendAll(List<DkgBundle> bundles) {
        for (DkgBundle b : bundles) {
            seen.add(Hex.encode(b.hash()));
            out.broadcast(b);
        }
    }

    private void afterStep() {
        if (finished) {
            return;
        }
        DkgPhase phase = session.phase();
        if (phase == DkgPhase.FINISH) {
            finished = true;
            if (timer != null) {
                timer.cancel();
            }
            DkgOutcome outcome = session.outcome().orElseThrow();
            LOG.info("dkg finished id={} ms_after_kickoff={} outcome={}", beaconId,
                    started == null ? -1 : Duration.between(started, scheduler.clock().instant()).toMillis(), outcome);
            done.accept(outcome);
            return;
        }
        if (phase != timedPhase && phase != DkgPhase.INIT) {
            if (timer != null) {
                timer.cancel();
            }
            timedPhase = phase;
            DkgPhase expired = phase;
            timer = scheduler.schedule(scheduler.clock().instant().plus(phaseTimeout), () -> owner.accept(() -> {
                if (!finished && session.phase() == expired) {
                    LOG.info("dkg phase timeout id={} phase={}", beaconId, expired);
                    sendAll(session.onPhaseTimeout(expired));
                    afterStep();
                }
            }));
        }
    }
}
