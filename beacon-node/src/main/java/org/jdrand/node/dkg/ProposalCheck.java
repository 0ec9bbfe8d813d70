package org.jdrand.node.dkg;

import java.time.InstantSource;
import java.util.Optional;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.CeremonyException;
import org.jdrand.dkg.ceremony.IdentityCheck;
import org.jdrand.dkg.ceremony.ProposalValidation;
import org.jdrand.node.dkg.DkgProcess.DkgException;

/**
 * drand's ValidateProposal (dkg.md §8 step 2) as the dkg module's {@link ProposalValidation}
 * states it, against this node's current ceremony (or its last finished one after an abort,
 * timeout or failure).
 */
final class ProposalCheck {
    private final Bls bls;
    private final InstantSource clock;

    ProposalCheck(Bls bls, InstantSource clock) {
        this.bls = bls;
        this.clock = clock;
    }

    void validate(DkgEntry t, DkgStateFile.Entries es) throws DkgException {
        Ceremony reference = Ceremony.reference(es.current().ceremony(),
                Optional.ofNullable(es.finished()).map(DkgEntry::ceremony));
        try {
            ProposalValidation.validate(reference, t.terms(), clock.instant(), identities(t.schemeId()));
        } catch (CeremonyException e) {
            throw new DkgException(e.getMessage());
        }
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
