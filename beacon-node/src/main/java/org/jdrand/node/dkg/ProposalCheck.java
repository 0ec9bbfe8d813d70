package org.jdrand.node.dkg;

import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.CeremonyException;
import org.jdrand.dkg.ceremony.IdentityCheck;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.dkg.ceremony.ProposalValidation;
import org.jdrand.node.dkg.DkgProcess.DkgException;

/**
 * The node's door to the dkg module's ceremony model: proposals go through
 * {@link Ceremony#proposing} / {@link Ceremony#proposed} (which run drand's ValidateProposal,
 * {@link ProposalValidation}, against the current ceremony or the last finished one), and every
 * transition's {@link CeremonyException} becomes the operator-facing {@link DkgException}.
 */
final class ProposalCheck {
    private final Bls bls;
    private final InstantSource clock;

    ProposalCheck(Bls bls, InstantSource clock) {
        this.bls = bls;
        this.clock = clock;
    }

    /** {@code dkg init} / {@code dkg reshare}: this node leads {@code terms}. */
    Ceremony proposing(Participant me, ProposalTerms terms, DkgStateFile.Entries es) throws DkgException {
        return ruled(() -> es.current().ceremony().proposing(me, terms, clock.instant(), lastCompleted(es),
                identities(terms.schemeId())));
    }

    /** A proposal gossiped by {@code sender}. */
    Ceremony proposed(Participant me, String sender, ProposalTerms terms, DkgStateFile.Entries es)
            throws DkgException {
        return ruled(() -> es.current().ceremony().proposed(me, sender, terms, clock.instant(), lastCompleted(es),
                identities(terms.schemeId())));
    }

    /** Runs one transition of the model; its refusal becomes a {@link DkgException} with the model's message. */
    static Ceremony ruled(Supplier<Ceremony> transition) throws DkgException {
        try {
            return transition.get();
        } catch (CeremonyException e) {
            throw new DkgException(e.getMessage());
        }
    }

    private static Optional<Ceremony> lastCompleted(DkgStateFile.Entries es) {
        return Optional.ofNullable(es.finished()).map(DkgEntry::ceremony);
    }

    /** Self-signature checks for {@code schemeId}; an unknown scheme fails validation before any is checked. */
    private IdentityCheck identities(String schemeId) {
        try {
            return IdentityCheck.forScheme(bls.backend(), Scheme.byId(schemeId));
        } catch (IllegalArgumentException e) {
            return p -> false;
        }
    }
}
