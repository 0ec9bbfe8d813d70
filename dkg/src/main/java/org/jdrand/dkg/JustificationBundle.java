package org.jdrand.dkg;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;

/** A dealer's answers to the complaints against it ({@code dkg.JustificationBundle}). */
public record JustificationBundle(int dealerIndex, List<Justification> justifications, byte[] sessionId,
        byte[] signature) implements DkgBundle {
    public JustificationBundle {
        justifications = List.copyOf(justifications);
        sessionId = Bytes.copy(sessionId);
        signature = Bytes.copy(signature);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public int signerIndex() {
        return dealerIndex;
    }

    /** BE32(dealer) ‖ per justification sorted by share index: BE32(share index) ‖ 32-byte share ‖ session id. */
    @Override
    public byte[] hash() {
        MessageDigest sha = Scheme.sha256();
        Bytes.be32(sha, dealerIndex);
        for (Justification j : justifications.stream()
                .sorted(Comparator.comparingLong(j -> Integer.toUnsignedLong(j.shareIndex()))).toList()) {
            Bytes.be32(sha, j.shareIndex());
            sha.update(j.shareUnsafe());
        }
        sha.update(sessionId);
        return sha.digest();
    }

    @Override
    public JustificationBundle withSignature(byte[] newSignature) {
        return new JustificationBundle(dealerIndex, justifications, sessionId, newSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JustificationBundle b && b.dealerIndex == dealerIndex
                && b.justifications.equals(justifications) && Arrays.equals(b.sessionId, sessionId)
                && Arrays.equals(b.signature, signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        return "JustificationBundle[dealer=" + dealerIndex + ", justifications=" + justifications.size()
                + ", session=" + Hex.shortHex(sessionId) + "]";
    }
}
