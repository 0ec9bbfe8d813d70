package org.jdrand.dkg.ceremony;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/**
 * The bytes a {@code GossipMetadata.signature} covers (drand v2.1 internal/dkg/actions_signing.go;
 * dkg.md §8), and signing/verifying them with the scheme's AuthScheme (BLS on the signature
 * group with the scheme's DST).
 */
public final class GossipSigning {
    private GossipSigning() {}

    /**
     * "beaconID:" ‖ id ‖ "\n" ‖ packet part ‖ current terms ‖ participants.
     *
     * @param current the terms in force after applying the packet (for a proposal: itself)
     */
    public static byte[] message(String beaconId, GossipPayload payload, ProposalTerms current) {
        Out out = new Out();
        out.text("beaconID:").text(beaconId).text("\n");
        if (payload instanceof GossipPayload.Proposal p) {
            ProposalTerms t = p.terms();
            out.text("Proposal:").text(t.beaconId()).text("\n").le32(t.epoch()).text("\nLeader:")
                    .text(t.leader().address()).text("\n").bytes(t.leader().signatureUnsafe());
        } else if (payload instanceof GossipPayload.Accept a) {
            out.text("Accepted:").text(a.acceptor().address()).text("\n");
        } else if (payload instanceof GossipPayload.Reject r) {
            out.text("Rejected:").text(r.rejector().address()).text("\n");
        } else if (payload instanceof GossipPayload.Abort a) {
            out.text("Aborted:").text(a.reason()).text("\n");
        } else if (payload instanceof GossipPayload.Execute e) {
            out.text("Execute:").bytes(GoTime.marshal(e.time()));
        } else {
            out.text("Gossip packet");
        }
        out.bytes(terms(current));
        return out.toByteArray();
    }

    /** The "current terms" part: everything but the genesis seed, then joiners, remainers, leavers. */
    static byte[] terms(ProposalTerms t) {
        Out out = new Out();
        out.text("Proposal:\n").text(t.beaconId()).text("\n").le32(t.epoch()).text("\nLeader:")
                .text(t.leader().address()).text("\n").bytes(t.leader().signatureUnsafe())
                .le32(t.threshold()).bytes(GoTime.marshal(t.timeout())).le32(t.catchupPeriodSeconds())
                .le32(t.beaconPeriodSeconds()).text("\nScheme: ").text(t.schemeId()).text("\n")
                .bytes(GoTime.marshal(t.genesisTime()));
        participants(out, "\nJoiner:", t.joining());
        participants(out, "\nRemainer:", t.remaining());
        participants(out, "\nLeaver:", t.leaving());
        return out.toByteArray();
    }

    private static void participants(Out out, String role, java.util.List<Participant> list) {
        for (Participant p : list) {
            out.text(role).text(p.address()).text("\nSig:").bytes(p.signatureUnsafe());
        }
    }

    /** The signer of a packet: the remainer or joiner of the current terms with that address. */
    public static Optional<Participant> signer(ProposalTerms current, String address) {
        return current.nextGroup().stream().filter(p -> p.address().equals(address)).findFirst();
    }

    public static byte[] sign(BlsBackend backend, Scheme scheme, Scalar secret, String beaconId,
            GossipPayload payload, ProposalTerms current) {
        return new Bls(backend).sign(scheme, secret, message(beaconId, payload, current));
    }

    /**
     * Checks a gossip signature from {@code senderAddress}.
     *
     * @return false when the sender is not a remainer or joiner, its key does not decode, or the
     *     signature does not verify
     */
    public static boolean verify(BlsBackend backend, Scheme scheme, String beaconId, String senderAddress,
            GossipPayload payload, ProposalTerms current, byte[] signature) {
        Optional<Participant> sender = signer(current, senderAddress);
        if (sender.isEmpty()) {
            return false;
        }
        Point key;
        try {
            key = BlsBackends.forScheme(backend, scheme).decode(scheme.keyGroup(), sender.get().key());
        } catch (InvalidEncodingException e) {
            return false;
        }
        return new Bls(backend).verify(scheme, key, message(beaconId, payload, current), signature);
    }

    private static final class Out {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Out text(String s) {
            buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Out bytes(byte[] b) {
            buf.writeBytes(b);
            return this;
        }

        Out le32(long v) {
            buf.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        byte[] toByteArray() {
            return buf.toByteArray();
        }
    }
}
