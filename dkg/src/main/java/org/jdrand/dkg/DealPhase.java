package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;

/** kyber's deal phase: this dealer's deal, and ProcessDeals (each holder's response bundle). */
final class DealPhase {
    private final SessionState s;

    DealPhase(SessionState s) {
        this.s = s;
    }

    /** This dealer's signed deal: an encrypted share per other holder and the commitments. */
    DealBundle deal() {
        Scalar secret = s.config.resharing() ? s.config.oldShare() : Scalar.random(s.random, s.backend.groupOrder());
        s.secretPolynomial = PriPoly.withSecret(secret, s.config.threshold(), s.random);
        PubPoly own = s.secretPolynomial.commit(s.backend, s.keyGroup);
        List<Deal> list = new ArrayList<>(s.holders.size());
        for (DkgNode holder : s.holders) {
            Scalar share = s.secretPolynomial.share(holder.index()).value();
            if (holder.index() == s.nidx) {
                // our own share is valid by construction and is not sent
                s.validShares.put(s.oidx, share);
                s.allPublics.put(s.oidx, own);
                s.setStatus(s.oidx, s.nidx, true);
                continue;
            }
            list.add(new Deal(holder.index(), s.ecies.encrypt(holder.publicKey(), share.toBytes(), s.random)));
        }
        List<byte[]> commits = own.commits().stream().map(Point::toBytes).toList();
        DealBundle unsigned = new DealBundle(s.oidx, commits, list, s.sessionId, new byte[0]);
        return unsigned.withSignature(s.sign(unsigned));
    }

    /** Checks every deal (ours excluded); returns this holder's response bundle, or null if it has none. */
    ResponseBundle process(List<DealBundle> bundles) {
        for (DealBundle bundle : bundles) {
            int dealer = bundle.dealerIndex();
            if (s.canIssue && dealer == s.oidx) {
                continue;
            }
            if (!s.isDealer(dealer)) {
                continue;
            }
            if (!Arrays.equals(bundle.sessionId(), s.sessionId)) {
                s.evict(dealer, "deal with wrong session id");
                continue;
            }
            PubPoly poly = commitments(bundle);
            if (poly != null) {
                s.allPublics.put(dealer, poly);
                readOwnShare(bundle, poly);
            }
        }
        // a node in both lists is trusted with its own share
        for (DkgNode dealer : s.dealers) {
            int holder = SessionState.findIndex(s.holders, dealer.publicKey());
            if (holder >= 0) {
                s.setStatus(dealer.index(), holder, true);
            }
        }
        List<Response> list = new ArrayList<>();
        for (DkgNode dealer : s.dealers) {
            if (s.evicted.containsKey(dealer.index())) {
                continue;
            }
            list.add(new Response(dealer.index(), s.status(dealer.index(), s.nidx)));
        }
        if (list.isEmpty()) {
            return null;
        }
        ResponseBundle unsigned = new ResponseBundle(s.nidx, list, s.sessionId, new byte[0]);
        return unsigned.withSignature(s.sign(unsigned));
    }

    /** The dealer's public polynomial, or null (the dealer evicted) when its commitments are unusable. */
    private PubPoly commitments(DealBundle bundle) {
        int dealer = bundle.dealerIndex();
        List<byte[]> raw = bundle.commitsUnsafe();
        if (raw.size() != s.config.threshold()) {
            s.evict(dealer, "deal with " + raw.size() + " commitments (expected " + s.config.threshold() + ")");
            return null;
        }
        try {
            List<Point> points = new ArrayList<>(raw.size());
            for (byte[] c : raw) {
                points.add(s.backend.decode(s.keyGroup, c));
            }
            return new PubPoly(points);
        } catch (InvalidEncodingException e) {
            s.evict(dealer, "deal commitment: " + e.getMessage());
            return null;
        }
    }

    /** Decrypts and checks the share of this node in {@code bundle}; a bad one stays a complaint. */
    private void readOwnShare(DealBundle bundle, PubPoly poly) {
        int dealer = bundle.dealerIndex();
        for (Deal deal : bundle.deals()) {
            if (!s.isHolder(deal.shareIndex())) {
                s.evict(dealer, "deal for unknown share holder " + Integer.toUnsignedString(deal.shareIndex()));
                break;
            }
            if (deal.shareIndex() != s.nidx) {
                continue;
            }
            Scalar share;
            try {
                share = Scalar.fromBytes(s.ecies.decrypt(s.config.longterm(), deal.encryptedShareUnsafe()),
                        s.backend.groupOrder());
            } catch (InvalidEncodingException e) {
                continue; // no success -> complaint
            }
            if (!s.base.multiply(share).equals(poly.eval(s.nidx))) {
                continue;
            }
            if (s.config.resharing() && !poly.commit().equals(s.oldPolynomial.eval(dealer))) {
                continue;
            }
            s.setStatus(dealer, s.nidx, true);
            s.validShares.put(dealer, share);
        }
    }
}
