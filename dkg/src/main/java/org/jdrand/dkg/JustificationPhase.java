package org.jdrand.dkg;

import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.PubPoly;

/** kyber's ProcessJustifications: a revealed share must match its dealer's commitments, else the dealer is evicted. */
final class JustificationPhase {
    private final SessionState s;

    JustificationPhase(SessionState s) {
        this.s = s;
    }

    void process(List<JustificationBundle> bundles) {
        for (JustificationBundle bundle : bundles) {
            int dealer = bundle.dealerIndex();
            if (s.canIssue && dealer == s.oidx) {
                continue;
            }
            if (!s.isDealer(dealer) || s.evicted.containsKey(dealer)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), s.sessionId)) {
                s.evict(dealer, "justification with wrong session id");
                continue;
            }
            PubPoly poly = s.allPublics.get(dealer);
            if (poly == null) {
                s.evict(dealer, "justification without a deal");
                continue;
            }
            for (Justification j : bundle.justifications()) {
                check(dealer, poly, j);
            }
        }
    }

    private void check(int dealer, PubPoly poly, Justification j) {
        if (!s.isHolder(j.shareIndex())) {
            s.evict(dealer, "justification for unknown share holder " + Integer.toUnsignedString(j.shareIndex()));
            return;
        }
        Scalar share;
        try {
            share = Scalar.fromBytes(j.shareUnsafe(), s.backend.groupOrder());
        } catch (InvalidEncodingException e) {
            s.evict(dealer, "justification for " + j.shareIndex() + ": " + e.getMessage());
            return;
        }
        if (!s.base.multiply(share).equals(poly.eval(j.shareIndex()))) {
            s.evict(dealer, "justification for " + j.shareIndex() + " does not match the commitments");
            return;
        }
        if (s.config.resharing() && !poly.commit().equals(s.oldPolynomial.eval(dealer))) {
            s.evict(dealer, "justification: commitment does not match the previous public polynomial");
            return;
        }
        s.setStatus(dealer, j.shareIndex(), true);
        if (j.shareIndex() == s.nidx) {
            s.validShares.put(dealer, share);
        }
    }
}
