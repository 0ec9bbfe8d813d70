package org.jdrand.node.dkg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The bytes a gossip packet's {@code GossipMetadata.signature} covers (drand
 * internal/dkg/actions_signing.go, dkg.md §8): "beaconID:" id "\n", the packet part, then the
 * proposal terms as they stand after the packet is applied.
 */
final class GossipSigning {
    private GossipSigning() {}

    static byte[] proposal(DkgEntry terms) {
        Writer w = new Writer().s("Proposal:").s(terms.beaconId()).s("\n").le32(terms.epoch()).s("\nLeader:")
                .s(terms.leader().address()).s("\n").b(terms.leader().signature());
        return w.bytes();
    }

    static byte[] accept(String address) {
        return new Writer().s("Accepted:").s(address).s("\n").bytes();
    }

    static byte[] reject(String address) {
        return new Writer().s("Rejected:").s(address).s("\n").bytes();
    }

    static byte[] abort(String reason) {
        return new Writer().s("Aborted:").s(reason).s("\n").bytes();
    }

    static byte[] execute(Instant kickoff) {
        return new Writer().s("Execute:").b(GoTime.marshal(kickoff)).bytes();
    }

    static byte[] dkg() {
        return new Writer().s("Gossip packet").bytes();
    }

    /** The full signed message for {@code packetPart} under {@code terms}. */
    static byte[] message(String beaconId, byte[] packetPart, DkgEntry terms) {
        Writer w = new Writer().s("beaconID:").s(beaconId).s("\n").b(packetPart);
        w.s("Proposal:\n").s(terms.beaconId()).s("\n").le32(terms.epoch()).s("\nLeader:")
                .s(terms.leader().address()).s("\n").b(terms.leader().signature())
                .le32(terms.threshold()).b(GoTime.marshal(terms.timeout()))
                .le32(terms.catchupPeriodSeconds()).le32(terms.periodSeconds())
                .s("\nScheme: ").s(terms.schemeId()).s("\n").b(GoTime.marshal(terms.genesisTime()));
        participants(w, "\nJoiner:", terms.joining());
        participants(w, "\nRemainer:", terms.remaining());
        participants(w, "\nLeaver:", terms.leaving());
        return w.bytes();
    }

    private static void participants(Writer w, String label, List<Participant> list) {
        for (Participant p : list) {
            w.s(label).s(p.address()).s("\nSig:").b(p.signature());
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer s(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Writer b(byte[] raw) {
            out.writeBytes(raw);
            return this;
        }

        Writer le32(long v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
