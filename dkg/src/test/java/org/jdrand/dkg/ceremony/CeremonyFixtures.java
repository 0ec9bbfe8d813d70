package org.jdrand.dkg.ceremony;

import java.time.Instant;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/** Participants with real keys and self-signatures, and proposals for epochs 1 and 2. */
final class CeremonyFixtures {
    static final BlsBackend BACKEND = BlsBackends.blst();
    static final Scheme SCHEME = Scheme.BLS_UNCHAINED_G1_RFC9380;
    static final String BEACON = "quicknet";
    static final IdentityCheck IDENTITIES = IdentityCheck.forScheme(BACKEND, SCHEME);
    static final Instant NOW = Instant.ofEpochSecond(1741744764, 594379669);
    static final Instant TIMEOUT = NOW.plusSeconds(86400);
    static final Instant GENESIS = Instant.ofEpochSecond(1741745000);
    static final byte[] SEED = new byte[] {1, 2, 3, 4};

    static final Participant A = participant("a.example:4444", 11);
    static final Participant B = participant("b.example:4444", 12);
    static final Participant C = participant("c.example:4444", 13);
    static final Participant D = participant("d.example:4444", 14);

    private CeremonyFixtures() {}

    static Scalar secret(int seed) {
        return Scalar.of(1000 + seed);
    }

    static Participant participant(String address, int seed) {
        byte[] key = new Bls(BACKEND).publicKey(SCHEME, secret(seed)).toBytes();
        byte[] sig = new Bls(BACKEND).sign(SCHEME, secret(seed), IdentityCheck.message(SCHEME, key));
        return new Participant(address, key, sig);
    }

    /** Epoch 1: A (leader), B, C join; t = 2. */
    static ProposalTerms initial() {
        return new ProposalTerms(BEACON, 1, A, 2, TIMEOUT, 60, 3, SCHEME.id(), GENESIS, new byte[0],
                List.of(A, B, C), List.of(), List.of());
    }

    /** Epoch 2 after {@link #initial()}: A and B remain, C leaves, D joins; t = 2. */
    static ProposalTerms reshare() {
        return new ProposalTerms(BEACON, 2, A, 2, TIMEOUT, 60, 3, SCHEME.id(), GENESIS, SEED,
                List.of(D), List.of(A, B), List.of(C));
    }

    /** Epoch 1 completed by a remainer. */
    static Ceremony completedEpoch1() {
        return new Ceremony(BEACON, DkgState.COMPLETE, initial().withSeed(SEED), List.of(), List.of(),
                List.of(A.address(), B.address(), C.address()));
    }
}
