package org.jdrand.dkg.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.A;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.B;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.BACKEND;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.BEACON;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.C;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.D;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.SCHEME;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.reshare;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jdrand.crypto.Hex;
import org.junit.jupiter.api.Test;

class GossipSigningTest {
    private final ByteArrayOutputStream expected = new ByteArrayOutputStream();

    private GossipSigningTest put(String ascii) {
        expected.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private GossipSigningTest hex(String hex) {
        expected.writeBytes(Hex.decode(hex));
        return this;
    }

    private GossipSigningTest raw(byte[] b) {
        expected.writeBytes(b);
        return this;
    }

    /** The terms part of {@link CeremonyFixtures#reshare()}, spelled out byte by byte. */
    private void reshareTerms() {
        put("Proposal:\n").put(BEACON).put("\n").hex("02000000").put("\nLeader:").put(A.address()).put("\n")
                .raw(A.signature())
                .hex("02000000") // threshold LE32
                .raw(GoTime.marshal(CeremonyFixtures.TIMEOUT))
                .hex("3c000000") // catch-up 60 s
                .hex("03000000") // period 3 s
                .put("\nScheme: ").put("bls-unchained-g1-rfc9380").put("\n")
                .raw(GoTime.marshal(CeremonyFixtures.GENESIS))
                .put("\nJoiner:").put(D.address()).put("\nSig:").raw(D.signature())
                .put("\nRemainer:").put(A.address()).put("\nSig:").raw(A.signature())
                .put("\nRemainer:").put(B.address()).put("\nSig:").raw(B.signature())
                .put("\nLeaver:").put(C.address()).put("\nSig:").raw(C.signature());
    }

    @Test
    void proposalLayout() {
        put("beaconID:quicknet\n").put("Proposal:quicknet\n").hex("02000000").put("\nLeader:").put(A.address())
                .put("\n").raw(A.signature());
        reshareTerms();
        assertThat(GossipSigning.message(BEACON, new GossipPayload.Proposal(reshare()), reshare()))
                .isEqualTo(expected.toByteArray());
    }

    @Test
    void acceptRejectAbortExecuteAndDkgLayouts() {
        byte[] terms = GossipSigning.terms(reshare());
        assertThat(GossipSigning.message(BEACON, new GossipPayload.Accept(B), reshare()))
                .isEqualTo(cat("beaconID:quicknet\nAccepted:b.example:4444\n", terms));
        assertThat(GossipSigning.message(BEACON, new GossipPayload.Reject(B), reshare()))
                .isEqualTo(cat("beaconID:quicknet\nRejected:b.example:4444\n", terms));
        assertThat(GossipSigning.message(BEACON, new GossipPayload.Abort("changed my mind"), reshare()))
                .isEqualTo(cat("beaconID:quicknet\nAborted:changed my mind\n", terms));
        Instant kickoff = Instant.ofEpochSecond(1741744764, 594379669);
        byte[] execute = GossipSigning.message(BEACON, new GossipPayload.Execute(kickoff), reshare());
        assertThat(Hex.encode(execute)).startsWith(Hex.encode("beaconID:quicknet\nExecute:".getBytes(
                StandardCharsets.US_ASCII)) + "010000000edf62e17c236d8395ffff");
        assertThat(GossipSigning.message(BEACON, new GossipPayload.DkgBundle(), reshare()))
                .isEqualTo(cat("beaconID:quicknet\nGossip packet", terms));
        reshareTerms();
        assertThat(terms).isEqualTo(expected.toByteArray());
    }

    @Test
    void signaturesVerifyOnlyForTheSenderAndTheExactTerms() {
        GossipPayload accept = new GossipPayload.Accept(B);
        byte[] sig = GossipSigning.sign(BACKEND, SCHEME, secret(12), BEACON, accept, reshare());
        assertThat(GossipSigning.verify(BACKEND, SCHEME, BEACON, B.address(), accept, reshare(), sig)).isTrue();
        assertThat(GossipSigning.verify(BACKEND, SCHEME, BEACON, A.address(), accept, reshare(), sig)).isFalse();
        assertThat(GossipSigning.verify(BACKEND, SCHEME, BEACON, C.address(), accept, reshare(), sig))
                .as("leavers are not signers").isFalse();
        assertThat(GossipSigning.verify(BACKEND, SCHEME, BEACON, B.address(), accept, reshare().withSeed(new byte[0]),
                sig)).as("the seed is not signed").isTrue();
        ProposalTerms other = new ProposalTerms(BEACON, 2, A, 3, CeremonyFixtures.TIMEOUT, 60, 3, SCHEME.id(),
                CeremonyFixtures.GENESIS, CeremonyFixtures.SEED, reshare().joining(), reshare().remaining(),
                reshare().leaving());
        assertThat(GossipSigning.verify(BACKEND, SCHEME, BEACON, B.address(), accept, other, sig)).isFalse();
        assertThat(GossipSigning.verify(BACKEND, SCHEME, "default", B.address(), accept, reshare(), sig)).isFalse();
    }

    @Test
    void identitySelfSignatures() {
        IdentityCheck check = IdentityCheck.forScheme(BACKEND, SCHEME);
        assertThat(check.isValid(A)).isTrue();
        assertThat(check.isValid(new Participant(A.address(), A.key(), B.signature()))).isFalse();
        assertThat(check.isValid(new Participant(A.address(), new byte[96], A.signature()))).isFalse();
        assertThat(A.signature()).hasSize(48);
    }

    private static byte[] cat(String ascii, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tail);
        return out.toByteArray();
    }
}
