package org.jdrand.dkg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;

/**
 * One node's run of the Joint-Feldman DKG or reshare, behaving as drand/kyber share/dkg with
 * FastSync (dkg.md §4-§7). A pure state machine: feed it the bundles received from the
 * broadcast channel and the phase-timeout events; broadcast what it returns; read
 * {@link #outcome()} once the phase is {@link DkgPhase#FINISH}. Not thread-safe: one owner.
 *
 * <p>Bundles are authenticated on receipt (signer known for its role, session id, Schnorr
 * signature); anything else is rejected with a reason and has no effect. A bundle from another
 * session (for example a replay of a previous epoch) is therefore dropped rather than evicting
 * its honest signer.
 *
 * <p>This class owns the phases and the receipt of bundles; the work of each phase is done by
 * {@link DealPhase}, {@link ResponsePhase}, {@link JustificationPhase} and {@link SessionResult}
 * on the {@link SessionState} they share.
 */
public final class DkgSession {
    private final SessionState s;
    private final DealPhase dealing;
    private final ResponsePhase responding;
    private final JustificationPhase justifying;
    private final SessionResult results;
    private final BundleSet<DealBundle> deals = new BundleSet<>();
    private final BundleSet<ResponseBundle> responses = new BundleSet<>();
    private final BundleSet<JustificationBundle> justifications = new BundleSet<>();

    /** Own deal computed ahead of {@link #start()}, not yet sent. */
    private DealBundle prepared;
    private DkgPhase phase = DkgPhase.INIT;
    private DkgOutcome outcome;

    private DkgSession(DkgConfig config, SecureRandom random) {
        this.s = new SessionState(config, random);
        this.dealing = new DealPhase(s);
        this.responding = new ResponsePhase(s);
        this.justifying = new JustificationPhase(s);
        this.results = new SessionResult(s);
    }

    /** A session in phase INIT; bundles received before {@link #start()} are kept for their phase. */
    public static DkgSession create(DkgConfig config, SecureRandom random) {
        return new DkgSession(Objects.requireNonNull(config, "config"), Objects.requireNonNull(random, "random"));
    }

    public DkgConfig config() {
        return s.config;
    }

    public DkgPhase phase() {
        return phase;
    }

    /** This node's index in the new group. */
    public int index() {
        return s.nidx;
    }

    /** Present once the phase is FINISH. */
    public Optional<DkgOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Present once finished successfully. */
    public Optional<DkgResult> result() {
        return outcome instanceof DkgResult r ? Optional.of(r) : Optional.empty();
    }

    /**
     * The deal phase starts (kickoff): a dealer returns its signed deal bundle to broadcast. May
     * move further at once if every deal already arrived.
     */
    public List<DkgBundle> start() {
        if (phase != DkgPhase.INIT) {
            throw new IllegalStateException("dkg start: phase " + phase + " (expected INIT)");
        }
        List<DkgBundle> out = new ArrayList<>();
        if (s.canIssue) {
            DealBundle own = prepared != null ? prepared : dealing.deal();
            prepared = null;
            deals.push(own);
            out.add(own);
        }
        phase = DkgPhase.DEAL;
        fastSync(out);
        return out;
    }

    /**
     * Computes this dealer's deal bundle before kickoff (it depends only on the configuration
     * and fresh randomness), so that {@link #start()} only has to return it: a node can use the
     * kickoff delay for the most expensive step of its own part. Nothing is sent or accepted
     * earlier because of it. Empty for a node that does not deal; the same bundle when called again.
     */
    public Optional<DealBundle> prepare() {
        if (phase != DkgPhase.INIT) {
            throw new IllegalStateException("dkg prepare: phase " + phase + " (expected INIT)");
        }
        if (s.canIssue && prepared == null) {
            prepared = dealing.deal();
        }
        return Optional.ofNullable(prepared);
    }

    /** The timer of {@code expired} ran out: move to the next phase if still in it (else a no-op). */
    public List<DkgBundle> onPhaseTimeout(DkgPhase expired) {
        List<DkgBundle> out = new ArrayList<>();
        if (expired == phase && phase != DkgPhase.INIT && phase != DkgPhase.FINISH) {
            advance(out);
            fastSync(out);
        }
        return out;
    }

    public DkgStep onDeal(DealBundle bundle) {
        String why = authenticate(bundle, s.dealers, "deal", "dealer");
        return why != null ? DkgStep.rejected(why) : received(deals, bundle, DkgPhase.DEAL, "deal");
    }

    public DkgStep onResponse(ResponseBundle bundle) {
        String why = authenticate(bundle, s.holders, "response", "share holder");
        return why != null ? DkgStep.rejected(why) : received(responses, bundle, DkgPhase.RESPONSE, "response");
    }

    public DkgStep onJustification(JustificationBundle bundle) {
        String why = authenticate(bundle, s.dealers, "justification", "dealer");
        return why != null
                ? DkgStep.rejected(why)
                : received(justifications, bundle, DkgPhase.JUSTIFICATION, "justification");
    }

    /** Dispatches on the bundle type. */
    public DkgStep onBundle(DkgBundle bundle) {
        if (bundle instanceof DealBundle d) {
            return onDeal(d);
        } else if (bundle instanceof ResponseBundle r) {
            return onResponse(r);
        }
        return onJustification((JustificationBundle) bundle);
    }

    // ---- receipt

    private String authenticate(DkgBundle bundle, List<DkgNode> signers, String what, String role) {
        int index = bundle.signerIndex();
        DkgNode signer = signers.stream().filter(n -> n.index() == index).findFirst().orElse(null);
        if (signer == null) {
            return what + " bundle: " + role + " index " + Integer.toUnsignedString(index) + " unknown";
        }
        byte[] sid = bundle.sessionId();
        if (!Arrays.equals(sid, s.sessionId)) {
            return what + " bundle from " + index + ": session id " + Hex.shortHex(sid) + " (expected "
                    + Hex.shortHex(s.sessionId) + ")";
        }
        try {
            s.schnorr.verify(signer.publicKey(), bundle.hash(), bundle.signature());
        } catch (InvalidEncodingException e) {
            return what + " bundle from " + index + ": " + e.getMessage();
        }
        return null;
    }

    private <T extends DkgBundle> DkgStep received(BundleSet<T> set, T bundle, DkgPhase itsPhase, String what) {
        switch (set.push(bundle)) {
            case DUPLICATE:
                return DkgStep.of(DkgStep.Receipt.DUPLICATE, List.of());
            case CONFLICT:
                return new DkgStep(DkgStep.Receipt.CONFLICT, what + " bundle from " + bundle.signerIndex()
                        + ": differs from an earlier one (signer barred)", List.of());
            default:
                break;
        }
        if (phase.compareTo(itsPhase) > 0) {
            return DkgStep.of(DkgStep.Receipt.LATE, List.of());
        }
        List<DkgBundle> out = new ArrayList<>();
        fastSync(out);
        return DkgStep.of(DkgStep.Receipt.ACCEPTED, out);
    }

    // ---- phases

    /** kyber startFast: move on as soon as every expected bundle of the current phase is in. */
    private void fastSync(List<DkgBundle> out) {
        while (true) {
            boolean complete = switch (phase) {
                case DEAL -> deals.size() == s.dealers.size();
                case RESPONSE -> responses.size() == s.holders.size();
                case JUSTIFICATION -> justifications.size() == s.dealers.size();
                default -> false;
            };
            if (!complete) {
                return;
            }
            advance(out);
        }
    }

    private void advance(List<DkgBundle> out) {
        switch (phase) {
            case DEAL -> {
                ResponseBundle own = dealing.process(deals.values());
                phase = DkgPhase.RESPONSE;
                if (own != null) {
                    responses.push(own);
                    out.add(own);
                }
            }
            case RESPONSE -> {
                ResponsePhase.Step step = responding.process(responses.values());
                if (step.agreed()) {
                    finish(results.compute());
                } else if (!selfEvicted()) {
                    phase = DkgPhase.JUSTIFICATION;
                    if (step.own() != null) {
                        justifications.push(step.own());
                        out.add(step.own());
                    }
                }
            }
            case JUSTIFICATION -> {
                justifying.process(justifications.values());
                if (!selfEvicted()) {
                    finish(results.afterJustifications());
                }
            }
            default -> throw new IllegalStateException("dkg: cannot advance from " + phase);
        }
    }

    /** A dealer evicted by the others cannot take part in the result: the session fails. */
    private boolean selfEvicted() {
        Optional<String> why = s.selfEviction();
        why.ifPresent(w -> finish(results.failure(DkgFailure.Kind.SELF_EVICTED, "dkg: this node (dealer " + s.oidx
                + ") was evicted: " + w)));
        return why.isPresent();
    }

    private void finish(DkgOutcome end) {
        phase = DkgPhase.FINISH;
        outcome = end;
    }

    @Override
    public String toString() {
        return "DkgSession[index=" + s.nidx + ", phase=" + phase + ", " + s.config + "]";
    }
}
