package org.jdrand.dkg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.Lagrange;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;

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
 */
public final class DkgSession {
    private final DkgConfig config;
    private final SecureRandom random;
    private final BlsBackend backend;
    private final Group keyGroup;
    private final Point base;
    private final Schnorr schnorr;
    private final Ecies ecies;
    private final byte[] sessionId;
    private final List<DkgNode> dealers;
    private final List<DkgNode> holders;
    private final Map<Integer, Integer> dealerPosition = new HashMap<>();
    private final Map<Integer, Integer> holderPosition = new HashMap<>();
    /** Own index as dealer, or -1 for a joiner. */
    private final int oidx;
    private final int nidx;
    private final boolean canIssue;
    private final PubPoly oldPolynomial;
    /** statuses[dealer position][holder position]: true = success; FastSync starts from complaints. */
    private final boolean[][] statuses;
    private final Map<Integer, Scalar> validShares = new HashMap<>();
    private final Map<Integer, PubPoly> allPublics = new HashMap<>();
    private final Map<Integer, String> evicted = new LinkedHashMap<>();
    private final Map<Integer, String> evictedHolders = new LinkedHashMap<>();
    private final BundleSet<DealBundle> deals = new BundleSet<>();
    private final BundleSet<ResponseBundle> responses = new BundleSet<>();
    private final BundleSet<JustificationBundle> justifications = new BundleSet<>();

    private PriPoly secretPolynomial;
    /** Own deal computed ahead of {@link #start()}, not yet sent. */
    private DealBundle prepared;
    private DkgPhase phase = DkgPhase.INIT;
    private DkgOutcome outcome;

    private DkgSession(DkgConfig config, SecureRandom random) {
        this.config = config;
        this.random = random;
        // a BN254 scheme's points and scalars (mod BN254's r) belong to the bn254 backend
        this.backend = org.jdrand.crypto.BlsBackends.forScheme(config.backend(), config.scheme());
        this.keyGroup = config.scheme().keyGroup();
        this.base = backend.generator(keyGroup);
        this.schnorr = new Schnorr(backend, keyGroup);
        this.ecies = new Ecies(backend, keyGroup);
        this.sessionId = config.sessionId();
        this.dealers = config.dealers();
        this.holders = config.newNodes();
        for (int i = 0; i < dealers.size(); i++) {
            dealerPosition.put(dealers.get(i).index(), i);
        }
        for (int i = 0; i < holders.size(); i++) {
            holderPosition.put(holders.get(i).index(), i);
        }
        Point own = base.multiply(config.longterm());
        this.nidx = findIndex(holders, own);
        this.oidx = findIndex(dealers, own);
        this.canIssue = oidx >= 0;
        this.oldPolynomial = config.resharing() ? new PubPoly(config.oldCommits()) : null;
        this.statuses = new boolean[dealers.size()][holders.size()];
    }

    /** A session in phase INIT; bundles received before {@link #start()} are kept for their phase. */
    public static DkgSession create(DkgConfig config, SecureRandom random) {
        return new DkgSession(Objects.requireNonNull(config, "config"), Objects.requireNonNull(random, "random"));
    }

    public DkgConfig config() {
        return config;
    }

    public DkgPhase phase() {
        return phase;
    }

    /** This node's index in the new group. */
    public int index() {
        return nidx;
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
        if (canIssue) {
            DealBundle own = prepared != null ? prepared : deal();
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
        if (canIssue && prepared == null) {
            prepared = deal();
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
        String why = authenticate(bundle, dealers, "deal", "dealer");
        return why != null ? DkgStep.rejected(why) : received(deals, bundle, DkgPhase.DEAL, "deal");
    }

    public DkgStep onResponse(ResponseBundle bundle) {
        String why = authenticate(bundle, holders, "response", "share holder");
        return why != null ? DkgStep.rejected(why) : received(responses, bundle, DkgPhase.RESPONSE, "response");
    }

    public DkgStep onJustification(JustificationBundle bundle) {
        String why = authenticate(bundle, dealers, "justification", "dealer");
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
        if (!Arrays.equals(sid, sessionId)) {
            return what + " bundle from " + index + ": session id " + Hex.shortHex(sid) + " (expected "
                    + Hex.shortHex(sessionId) + ")";
        }
        try {
            schnorr.verify(signer.publicKey(), bundle.hash(), bundle.signature());
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

    /** kyber startFast: move on as soon as every expected bundle of the current phase is in. */
    private void fastSync(List<DkgBundle> out) {
        while (true) {
            boolean complete = switch (phase) {
                case DEAL -> deals.size() == dealers.size();
                case RESPONSE -> responses.size() == holders.size();
                case JUSTIFICATION -> justifications.size() == dealers.size();
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
                ResponseBundle own = processDeals(deals.values());
                phase = DkgPhase.RESPONSE;
                if (own != null) {
                    responses.push(own);
                    out.add(own);
                }
            }
            case RESPONSE -> {
                JustificationBundle own = processResponses(responses.values());
                if (phase != DkgPhase.FINISH) {
                    phase = DkgPhase.JUSTIFICATION;
                    if (own != null) {
                        justifications.push(own);
                        out.add(own);
                    }
                }
            }
            case JUSTIFICATION -> processJustifications(justifications.values());
            default -> throw new IllegalStateException("dkg: cannot advance from " + phase);
        }
    }

    // ---- dealing

    private DealBundle deal() {
        Scalar secret = config.resharing() ? config.oldShare() : Scalar.random(random, backend.groupOrder());
        secretPolynomial = PriPoly.withSecret(secret, config.threshold(), random);
        PubPoly own = secretPolynomial.commit(backend, keyGroup);
        List<Deal> list = new ArrayList<>(holders.size());
        for (DkgNode holder : holders) {
            Scalar share = secretPolynomial.share(holder.index()).value();
            if (holder.index() == nidx) {
                // our own share is valid by construction and is not sent
                validShares.put(oidx, share);
                allPublics.put(oidx, own);
                setStatus(oidx, nidx, true);
                continue;
            }
            list.add(new Deal(holder.index(), ecies.encrypt(holder.publicKey(), share.toBytes(), random)));
        }
        List<byte[]> commits = own.commits().stream().map(Point::toBytes).toList();
        DealBundle unsigned = new DealBundle(oidx, commits, list, sessionId, new byte[0]);
        return unsigned.withSignature(sign(unsigned));
    }

    private byte[] sign(DkgBundle bundle) {
        return schnorr.sign(config.longterm(), bundle.hash(), random);
    }

    // ---- ProcessDeals

    private ResponseBundle processDeals(List<DealBundle> bundles) {
        for (DealBundle bundle : bundles) {
            int dealer = bundle.dealerIndex();
            if (canIssue && dealer == oidx) {
                continue;
            }
            if (!dealerPosition.containsKey(dealer)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), sessionId)) {
                evict(dealer, "deal with wrong session id");
                continue;
            }
            List<byte[]> raw = bundle.commitsUnsafe();
            if (raw.size() != config.threshold()) {
                evict(dealer, "deal with " + raw.size() + " commitments (expected " + config.threshold() + ")");
                continue;
            }
            PubPoly poly;
            try {
                List<Point> points = new ArrayList<>(raw.size());
                for (byte[] c : raw) {
                    points.add(backend.decode(keyGroup, c));
                }
                poly = new PubPoly(points);
            } catch (InvalidEncodingException e) {
                evict(dealer, "deal commitment: " + e.getMessage());
                continue;
            }
            allPublics.put(dealer, poly);
            for (Deal deal : bundle.deals()) {
                if (!holderPosition.containsKey(deal.shareIndex())) {
                    evict(dealer, "deal for unknown share holder " + Integer.toUnsignedString(deal.shareIndex()));
                    break;
                }
                if (deal.shareIndex() != nidx) {
                    continue;
                }
                Scalar share;
                try {
                    share = Scalar.fromBytes(ecies.decrypt(config.longterm(), deal.encryptedShareUnsafe()), backend.groupOrder());
                } catch (InvalidEncodingException e) {
                    continue; // no success -> complaint
                }
                if (!base.multiply(share).equals(poly.eval(nidx))) {
                    continue;
                }
                if (config.resharing() && !poly.commit().equals(oldPolynomial.eval(dealer))) {
                    continue;
                }
                setStatus(dealer, nidx, true);
                validShares.put(dealer, share);
            }
        }
        // a node in both lists is trusted with its own share
        for (DkgNode dealer : dealers) {
            int holder = findIndex(holders, dealer.publicKey());
            if (holder >= 0) {
                setStatus(dealer.index(), holder, true);
            }
        }
        List<Response> list = new ArrayList<>();
        for (DkgNode dealer : dealers) {
            if (evicted.containsKey(dealer.index())) {
                continue;
            }
            list.add(new Response(dealer.index(), status(dealer.index(), nidx)));
        }
        if (list.isEmpty()) {
            return null;
        }
        ResponseBundle unsigned = new ResponseBundle(nidx, list, sessionId, new byte[0]);
        return unsigned.withSignature(sign(unsigned));
    }

    // ---- ProcessResponses

    private JustificationBundle processResponses(List<ResponseBundle> bundles) {
        List<Integer> authors = new ArrayList<>();
        boolean complaint = false;
        for (ResponseBundle bundle : bundles) {
            int holder = bundle.shareIndex();
            if (canIssue && holder == nidx) {
                continue;
            }
            if (!holderPosition.containsKey(holder)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), sessionId)) {
                evictHolder(holder, "response with wrong session id");
                continue;
            }
            for (Response r : bundle.responses()) {
                if (!dealerPosition.containsKey(r.dealerIndex())) {
                    evictHolder(holder, "response about unknown dealer " + Integer.toUnsignedString(r.dealerIndex()));
                    continue;
                }
                setStatus(r.dealerIndex(), holder, r.success());
                complaint |= !r.success();
                authors.add(holder);
            }
        }
        for (DkgNode holder : holders) {
            if (holder.index() != nidx && !authors.contains(holder.index())
                    && !evictedHolders.containsKey(holder.index())) {
                evictHolder(holder.index(), "no response");
            }
        }
        if (!complaint && completeSuccess()) {
            computeResult();
            return null;
        }
        for (DkgNode dealer : dealers) {
            int complaints = 0;
            for (DkgNode holder : holders) {
                complaints += status(dealer.index(), holder.index()) ? 0 : 1;
            }
            if (complaints >= config.threshold()) {
                evict(dealer.index(), complaints + " complaints (threshold " + config.threshold() + ")");
            }
        }
        JustificationBundle own = null;
        if (canIssue) {
            List<Justification> list = new ArrayList<>();
            for (DkgNode holder : holders) {
                if (!status(oidx, holder.index())) {
                    list.add(new Justification(holder.index(), secretPolynomial.share(holder.index()).value().toBytes()));
                    setStatus(oidx, holder.index(), true);
                }
            }
            if (!list.isEmpty()) {
                JustificationBundle unsigned = new JustificationBundle(oidx, list, sessionId, new byte[0]);
                own = unsigned.withSignature(sign(unsigned));
            }
        }
        checkIfEvicted();
        return own;
    }

    // ---- ProcessJustifications

    private void processJustifications(List<JustificationBundle> bundles) {
        for (JustificationBundle bundle : bundles) {
            int dealer = bundle.dealerIndex();
            if (canIssue && dealer == oidx) {
                continue;
            }
            if (!dealerPosition.containsKey(dealer) || evicted.containsKey(dealer)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), sessionId)) {
                evict(dealer, "justification with wrong session id");
                continue;
            }
            PubPoly poly = allPublics.get(dealer);
            if (poly == null) {
                evict(dealer, "justification without a deal");
                continue;
            }
            for (Justification j : bundle.justifications()) {
                if (!holderPosition.containsKey(j.shareIndex())) {
                    evict(dealer, "justification for unknown share holder " + Integer.toUnsignedString(j.shareIndex()));
                    continue;
                }
                Scalar share;
                try {
                    share = Scalar.fromBytes(j.shareUnsafe(), backend.groupOrder());
                } catch (InvalidEncodingException e) {
                    evict(dealer, "justification for " + j.shareIndex() + ": " + e.getMessage());
                    continue;
                }
                if (!base.multiply(share).equals(poly.eval(j.shareIndex()))) {
                    evict(dealer, "justification for " + j.shareIndex() + " does not match the commitments");
                    continue;
                }
                if (config.resharing() && !poly.commit().equals(oldPolynomial.eval(dealer))) {
                    evict(dealer, "justification: commitment does not match the previous public polynomial");
                    continue;
                }
                setStatus(dealer, j.shareIndex(), true);
                if (j.shareIndex() == nidx) {
                    validShares.put(dealer, share);
                }
            }
        }
        if (checkIfEvicted()) {
            return;
        }
        int good = 0;
        for (DkgNode dealer : dealers) {
            if (!evicted.containsKey(dealer.index()) && allTrue(dealer.index())) {
                good++;
            }
        }
        int target = config.resharing() ? config.oldThreshold() : config.threshold();
        if (good < target) {
            fail(DkgFailure.Kind.NOT_ENOUGH_DEALERS,
                    "dkg: valid dealers " + good + " (expected >= " + target + ")");
            return;
        }
        computeResult();
    }

    // ---- results

    private void computeResult() {
        phase = DkgPhase.FINISH;
        for (int dealer : evicted.keySet()) {
            Arrays.fill(statuses[dealerPosition.get(dealer)], false);
        }
        if (config.resharing()) {
            computeReshareResult();
        } else {
            computeFreshResult();
        }
    }

    private void computeFreshResult() {
        Scalar share = Scalar.zero(backend.groupOrder());
        PubPoly pub = null;
        List<DkgNode> qual = new ArrayList<>();
        for (DkgNode dealer : dealers) {
            if (!allTrue(dealer.index()) || evictedHolders.containsKey(dealer.index())) {
                continue;
            }
            Scalar s = validShares.get(dealer.index());
            PubPoly p = allPublics.get(dealer.index());
            if (s == null || p == null) {
                throw new IllegalStateException("dkg: share or polynomial of qualified dealer " + dealer.index() + " missing");
            }
            share = share.add(s);
            pub = pub == null ? p : pub.add(p);
            qual.add(dealer);
        }
        if (qual.size() < config.threshold()) {
            fail(DkgFailure.Kind.NOT_ENOUGH_QUALIFIED,
                    "dkg: qualified nodes " + qual.size() + " (expected >= " + config.threshold() + ")");
            return;
        }
        finish(share, pub, qual);
    }

    private void computeReshareResult() {
        List<Integer> used = new ArrayList<>();
        for (DkgNode dealer : dealers) {
            if (allTrue(dealer.index())) {
                used.add(dealer.index());
            }
        }
        int oldT = config.oldThreshold();
        if (used.size() < oldT) {
            fail(DkgFailure.Kind.NOT_ENOUGH_DEALERS,
                    "dkg reshare: valid old dealers " + used.size() + " (expected >= " + oldT + ")");
            return;
        }
        used.sort(Integer::compareUnsigned);
        used = used.subList(0, oldT);
        List<Scalar> lambdas = Lagrange.coefficientsAtZero(used, backend.groupOrder());
        Scalar share = Scalar.zero(backend.groupOrder());
        for (int j = 0; j < used.size(); j++) {
            share = share.add(lambdas.get(j).multiply(validShares.get(used.get(j))));
        }
        List<Point> commits = new ArrayList<>(config.threshold());
        for (int k = 0; k < config.threshold(); k++) {
            List<Point> kth = new ArrayList<>(used.size());
            for (int dealer : used) {
                kth.add(allPublics.get(dealer).commits().get(k));
            }
            commits.add(backend.multiScalarMultiply(kth, lambdas));
        }
        List<DkgNode> qual = new ArrayList<>();
        for (DkgNode holder : holders) {
            int asDealer = findIndex(dealers, holder.publicKey());
            boolean badDealer = asDealer >= 0 && !allTrue(asDealer);
            if (!badDealer && !evictedHolders.containsKey(holder.index())) {
                qual.add(holder);
            }
        }
        if (qual.size() < config.threshold()) {
            fail(DkgFailure.Kind.NOT_ENOUGH_QUALIFIED,
                    "dkg reshare: qualified new nodes " + qual.size() + " (expected >= " + config.threshold() + ")");
            return;
        }
        finish(share, new PubPoly(commits), qual);
    }

    private void finish(Scalar share, PubPoly pub, List<DkgNode> qual) {
        if (!base.multiply(share).equals(pub.eval(nidx))) {
            fail(DkgFailure.Kind.INCONSISTENT_RESULT, "dkg: share of node " + nidx + " does not match the public polynomial");
            return;
        }
        phase = DkgPhase.FINISH;
        outcome = new DkgResult(nidx, share, pub.commits(), qual, excluded(), evictedHolders);
    }

    private void fail(DkgFailure.Kind kind, String message) {
        phase = DkgPhase.FINISH;
        outcome = new DkgFailure(kind, message, excluded(), evictedHolders);
    }

    private boolean checkIfEvicted() {
        if (canIssue && evicted.containsKey(oidx)) {
            fail(DkgFailure.Kind.SELF_EVICTED, "dkg: this node (dealer " + oidx + ") was evicted: " + evicted.get(oidx));
            return true;
        }
        return false;
    }

    /** Evicted dealers plus those whose deals are unusable, with why. */
    private Map<Integer, String> excluded() {
        Map<Integer, String> out = new LinkedHashMap<>(evicted);
        for (DkgNode dealer : dealers) {
            if (!out.containsKey(dealer.index()) && !allTrue(dealer.index())) {
                out.put(dealer.index(), allPublics.containsKey(dealer.index()) ? "unjustified complaints" : "no deal");
            }
        }
        return out;
    }

    // ---- status matrix

    private void evict(int dealer, String why) {
        evicted.putIfAbsent(dealer, why);
    }

    private void evictHolder(int holder, String why) {
        evictedHolders.putIfAbsent(holder, why);
    }

    private boolean status(int dealer, int holder) {
        return statuses[dealerPosition.get(dealer)][holderPosition.get(holder)];
    }

    private void setStatus(int dealer, int holder, boolean success) {
        statuses[dealerPosition.get(dealer)][holderPosition.get(holder)] = success;
    }

    private boolean allTrue(int dealer) {
        for (boolean b : statuses[dealerPosition.get(dealer)]) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private boolean completeSuccess() {
        for (DkgNode dealer : dealers) {
            if (!allTrue(dealer.index())) {
                return false;
            }
        }
        return true;
    }

    private static int findIndex(List<DkgNode> nodes, Point key) {
        for (DkgNode n : nodes) {
            if (n.publicKey().equals(key)) {
                return n.index();
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "DkgSession[index=" + nidx + ", phase=" + phase + ", " + config + "]";
    }
}
