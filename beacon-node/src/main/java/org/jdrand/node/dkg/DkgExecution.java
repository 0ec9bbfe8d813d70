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

    /** Sends a bundle to every other participant: our own at once, echoes of others' queued per peer. */
    interface Broadcaster {
        void broadcast(DkgBundle bundle, boolean echo);
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
    private final Timing timing = new Timing();

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

    /**
     * Before kickoff: computes our deal (commitments, encrypted shares, signature), so that at
     * kickoff it is only sent. The kickoff delay is otherwise idle time on every node.
     */
    void prepare() {
        if (!finished && session.phase() == DkgPhase.INIT) {
            Instant t0 = scheduler.clock().instant();
            session.prepare();
            timing.prepareMs = Duration.between(t0, scheduler.clock().instant()).toMillis();
        }
    }

    /** Kickoff: deal, then follow fast sync and the phase timers. */
    void start() {
        started = scheduler.clock().instant();
        LOG.info("dkg kickoff id={} index={} {}", beaconId, session.index(), session.config());
        sendAll(session.start());
        timing.dealSent = sinceKickoff();
        afterStep();
    }

    /** Kickoff instant, null before it. */
    Instant started() {
        return started;
    }

    DkgPhase phase() {
        return session.phase();
    }

    void onBundle(DkgBundle bundle) {
        onBundle(bundle, null);
    }

    /** @param arrived when the gRPC thread received it (to see how long it queued for this thread), or null */
    void onBundle(DkgBundle bundle, Instant arrived) {
        Instant t0 = scheduler.clock().instant();
        if (arrived != null && started != null) {
            timing.maxQueueMs = Math.max(timing.maxQueueMs, Duration.between(arrived, t0).toMillis());
        }
        timing.received++;
        String hash = Hex.encode(bundle.hash());
        if (finished || !seen.add(hash)) {
            timing.duplicates++;
            return;
        }
        DkgStep step = session.onBundle(bundle);
        if (step.receipt() == DkgStep.Receipt.ACCEPTED || step.receipt() == DkgStep.Receipt.LATE) {
            timing.lastNew(bundle, sinceKickoff());
        }
        timing.busyMicros += Duration.between(t0, scheduler.clock().instant()).toNanos() / 1000;
        switch (step.receipt()) {
            case ACCEPTED, LATE -> out.broadcast(bundle, true);
            case REJECTED, CONFLICT -> {
                if (step.receipt() == DkgStep.Receipt.REJECTED) {
                    // the hash leaves the signature out: a badly signed copy must not make the genuine one a duplicate
                    seen.remove(hash);
                }
                LOG.warn("dkg bundle {} id={} signer={} reason={}", step.receipt(), beaconId, bundle.signerIndex(),
                        step.reason());
            }
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

    private long sinceKickoff() {
        return started == null ? -1 : Duration.between(started, scheduler.clock().instant()).toMillis();
    }

    /**
     * Where a ceremony's time went, logged once with its result (milliseconds after kickoff):
     * own deal sent; last new deal, response and justification received; each phase entered; the
     * bundles handed to this thread (after the raw filter) and the semantic duplicates among them;
     * the longest wait of a bundle for this thread; the time this thread spent in the session.
     */
    private static final class Timing {
        long prepareMs = -1;
        long dealSent = -1;
        long lastDeal = -1;
        long lastResponse = -1;
        long lastJustification = -1;
        final StringBuilder phases = new StringBuilder();
        final StringBuilder timeouts = new StringBuilder();
        int received;
        int duplicates;
        long maxQueueMs;
        long busyMicros;

        void lastNew(DkgBundle b, long ms) {
            if (b instanceof org.jdrand.dkg.DealBundle) {
                lastDeal = ms;
            } else if (b instanceof org.jdrand.dkg.ResponseBundle) {
                lastResponse = ms;
            } else {
                lastJustification = ms;
            }
        }

        void entered(DkgPhase p, long ms) {
            phases.append(phases.isEmpty() ? "" : ",").append(p).append('@').append(ms);
        }

        @Override
        public String toString() {
            return "deal_prepared_in_ms=" + prepareMs + " deal_sent_ms=" + dealSent + " last_deal_ms=" + lastDeal + " last_response_ms=" + lastResponse
                    + " last_justification_ms=" + lastJustification + " phases=" + phases + " timeouts="
                    + (timeouts.isEmpty() ? "none" : timeouts) + " bundles_in=" + received + " duplicates="
                    + duplicates + " max_queue_ms=" + maxQueueMs + " busy_ms=" + busyMicros / 1000;
        }
    }

    private void sendAll(List<DkgBundle> bundles) {
        for (DkgBundle b : bundles) {
            seen.add(Hex.encode(b.hash()));
            out.broadcast(b, false);
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
            timing.entered(DkgPhase.FINISH, sinceKickoff());
            LOG.info("dkg finished id={} ms_after_kickoff={} {} outcome={}", beaconId, sinceKickoff(), timing, outcome);
            done.accept(outcome);
            return;
        }
        if (phase != timedPhase && phase != DkgPhase.INIT) {
            timing.entered(phase, sinceKickoff());
            LOG.debug("dkg phase id={} index={} phase={} ms_after_kickoff={} received={} duplicates={}", beaconId,
                    session.index(), phase, sinceKickoff(), timing.received, timing.duplicates);
            if (timer != null) {
                timer.cancel();
            }
            timedPhase = phase;
            DkgPhase expired = phase;
            timer = scheduler.schedule(scheduler.clock().instant().plus(phaseTimeout), () -> owner.accept(() -> {
                if (!finished && session.phase() == expired) {
                    LOG.info("dkg phase timeout id={} phase={} ms_after_kickoff={}", beaconId, expired, sinceKickoff());
                    timing.timeouts.append(timing.timeouts.isEmpty() ? "" : ",").append(expired);
                    sendAll(session.onPhaseTimeout(expired));
                    afterStep();
                }
            }));
        }
    }
}
