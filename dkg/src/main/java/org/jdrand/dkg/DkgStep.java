package org.jdrand.dkg;

import java.util.List;

/**
 * What a session did with one received bundle, plus the bundles it now wants broadcast.
 *
 * @param receipt  verdict on the received bundle
 * @param reason   why it was rejected (or the conflict seen), empty otherwise
 * @param outgoing own bundles to broadcast to every participant, in order
 */
public record DkgStep(Receipt receipt, String reason, List<DkgBundle> outgoing) {

    public enum Receipt {
        /** New, authentic and used (or buffered for its phase). An echo broadcaster re-broadcasts it once. */
        ACCEPTED,
        /** Authentic and new but its phase is over here; still worth re-broadcasting. */
        LATE,
        /** Seen before (same hash): ignore. */
        DUPLICATE,
        /** Authentic but conflicting with an earlier bundle of the same signer: the signer is marked bad. */
        CONFLICT,
        /** Not authentic or not for this session: dropped without any effect. */
        REJECTED
    }

    public DkgStep {
        outgoing = List.copyOf(outgoing);
        reason = reason == null ? "" : reason;
    }

    static DkgStep of(Receipt receipt, List<DkgBundle> outgoing) {
        return new DkgStep(receipt, "", outgoing);
    }

    static DkgStep rejected(String reason) {
        return new DkgStep(Receipt.REJECTED, reason, List.of());
    }
}
