package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** kyber's ProcessResponses: the status board from every holder's responses, then this dealer's justifications. */
final class ResponsePhase {
    /**
     * @param agreed every holder confirmed every dealer: the result can be computed now
     * @param own    this dealer's justifications to broadcast, or null
     */
    record Step(boolean agreed, JustificationBundle own) {}

    private final SessionState s;

    ResponsePhase(SessionState s) {
        this.s = s;
    }

    Step process(List<ResponseBundle> bundles) {
        List<Integer> authors = new ArrayList<>();
        boolean complaint = false;
        for (ResponseBundle bundle : bundles) {
            int holder = bundle.shareIndex();
            if (s.canIssue && holder == s.nidx) {
                continue;
            }
            if (!s.isHolder(holder)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), s.sessionId)) {
                s.evictHolder(holder, "response with wrong session id");
                continue;
            }
            for (Response r : bundle.responses()) {
                if (!s.isDealer(r.dealerIndex())) {
                    s.evictHolder(holder, "response about unknown dealer " + Integer.toUnsignedString(r.dealerIndex()));
                    continue;
                }
                s.setStatus(r.dealerIndex(), holder, r.success());
                complaint |= !r.success();
                authors.add(holder);
            }
        }
        for (DkgNode holder : s.holders) {
            if (holder.index() != s.nidx && !authors.contains(holder.index())
                    && !s.evictedHolders.containsKey(holder.index())) {
                s.evictHolder(holder.index(), "no response");
            }
        }
        if (!complaint && s.completeSuccess()) {
            return new Step(true, null);
        }
        for (DkgNode dealer : s.dealers) {
            int complaints = 0;
            for (DkgNode holder : s.holders) {
                complaints += s.status(dealer.index(), holder.index()) ? 0 : 1;
            }
            if (complaints >= s.config.threshold()) {
                s.evict(dealer.index(), complaints + " complaints (threshold " + s.config.threshold() + ")");
            }
        }
        return new Step(false, s.canIssue ? justifications() : null);
    }

    /** This dealer reveals the shares it was complained about (they are then confirmed). */
    private JustificationBundle justifications() {
        List<Justification> list = new ArrayList<>();
        for (DkgNode holder : s.holders) {
            if (!s.status(s.oidx, holder.index())) {
                list.add(new Justification(holder.index(), s.secretPolynomial.share(holder.index()).value().toBytes()));
                s.setStatus(s.oidx, holder.index(), true);
            }
        }
        if (list.isEmpty()) {
            return null;
        }
        JustificationBundle unsigned = new JustificationBundle(s.oidx, list, s.sessionId, new byte[0]);
        return unsigned.withSignature(s.sign(unsigned));
    }
}
