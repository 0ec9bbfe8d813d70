package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.Lagrange;
import org.jdrand.crypto.tbls.PubPoly;

/**
 * The end of a session: the qualified dealers' shares and commitments combined into this node's
 * share and the group's public polynomial (summed for a fresh DKG, Lagrange-interpolated at 0
 * for a reshare), or the failure that stopped it.
 */
final class SessionResult {
    private final SessionState s;

    SessionResult(SessionState s) {
        this.s = s;
    }

    /** After the justifications: enough valid dealers, then the result. */
    DkgOutcome afterJustifications() {
        int good = 0;
        for (DkgNode dealer : s.dealers) {
            if (!s.evicted.containsKey(dealer.index()) && s.allTrue(dealer.index())) {
                good++;
            }
        }
        int target = s.config.resharing() ? s.config.oldThreshold() : s.config.threshold();
        if (good < target) {
            return failure(DkgFailure.Kind.NOT_ENOUGH_DEALERS, "dkg: valid dealers " + good + " (expected >= " + target
                    + ")");
        }
        return compute();
    }

    DkgOutcome compute() {
        s.clearEvictedRows();
        return s.config.resharing() ? reshare() : fresh();
    }

    DkgFailure failure(DkgFailure.Kind kind, String message) {
        return new DkgFailure(kind, message, s.excluded(), s.evictedHolders);
    }

    private DkgOutcome fresh() {
        Scalar share = Scalar.zero(s.backend.groupOrder());
        PubPoly pub = null;
        List<DkgNode> qual = new ArrayList<>();
        for (DkgNode dealer : s.dealers) {
            if (!s.allTrue(dealer.index()) || s.evictedHolders.containsKey(dealer.index())) {
                continue;
            }
            Scalar x = s.validShares.get(dealer.index());
            PubPoly p = s.allPublics.get(dealer.index());
            if (x == null || p == null) {
                throw new IllegalStateException("dkg: share or polynomial of qualified dealer " + dealer.index()
                        + " missing");
            }
            share = share.add(x);
            pub = pub == null ? p : pub.add(p);
            qual.add(dealer);
        }
        if (qual.size() < s.config.threshold()) {
            return failure(DkgFailure.Kind.NOT_ENOUGH_QUALIFIED,
                    "dkg: qualified nodes " + qual.size() + " (expected >= " + s.config.threshold() + ")");
        }
        return finish(share, pub, qual);
    }

    private DkgOutcome reshare() {
        List<Integer> used = new ArrayList<>();
        for (DkgNode dealer : s.dealers) {
            if (s.allTrue(dealer.index())) {
                used.add(dealer.index());
            }
        }
        int oldT = s.config.oldThreshold();
        if (used.size() < oldT) {
            return failure(DkgFailure.Kind.NOT_ENOUGH_DEALERS,
                    "dkg reshare: valid old dealers " + used.size() + " (expected >= " + oldT + ")");
        }
        used.sort(Integer::compareUnsigned);
        used = used.subList(0, oldT);
        List<Scalar> lambdas = Lagrange.coefficientsAtZero(used, s.backend.groupOrder());
        Scalar share = Scalar.zero(s.backend.groupOrder());
        for (int j = 0; j < used.size(); j++) {
            share = share.add(lambdas.get(j).multiply(s.validShares.get(used.get(j))));
        }
        List<Point> commits = new ArrayList<>(s.config.threshold());
        for (int k = 0; k < s.config.threshold(); k++) {
            List<Point> kth = new ArrayList<>(used.size());
            for (int dealer : used) {
                kth.add(s.allPublics.get(dealer).commits().get(k));
            }
            commits.add(s.backend.multiScalarMultiply(kth, lambdas));
        }
        List<DkgNode> qual = new ArrayList<>();
        for (DkgNode holder : s.holders) {
            int asDealer = SessionState.findIndex(s.dealers, holder.publicKey());
            boolean badDealer = asDealer >= 0 && !s.allTrue(asDealer);
            if (!badDealer && !s.evictedHolders.containsKey(holder.index())) {
                qual.add(holder);
            }
        }
        if (qual.size() < s.config.threshold()) {
            return failure(DkgFailure.Kind.NOT_ENOUGH_QUALIFIED, "dkg reshare: qualified new nodes " + qual.size()
                    + " (expected >= " + s.config.threshold() + ")");
        }
        return finish(share, new PubPoly(commits), qual);
    }

    private DkgOutcome finish(Scalar share, PubPoly pub, List<DkgNode> qual) {
        if (!s.base.multiply(share).equals(pub.eval(s.nidx))) {
            return failure(DkgFailure.Kind.INCONSISTENT_RESULT, "dkg: share of node " + s.nidx
                    + " does not match the public polynomial");
        }
        return new DkgResult(s.nidx, share, pub.commits(), qual, s.excluded(), s.evictedHolders);
    }
}
