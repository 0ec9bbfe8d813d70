package org.jdrand.dkg;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;

/** A share holder's responses to every dealer ({@code dkg.ResponseBundle}). */
public record ResponseBundle(int shareIndex, List<Response> responses, byte[] sessionId, byte[] signature)
        implements DkgBundle {
    public ResponseBundle {
        responses = List.copyOf(responses);
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
        return shareIndex;
    }

    /** BE32(share index) ‖ per response sorted by dealer: BE32(dealer) ‖ 1 (success) or 0 ‖ session id. */
    @Override
    public byte[] hash() {
        MessageDigest sha = Scheme.sha256();
        Bytes.be32(sha, shareIndex);
        for (Response r : responses.stream()
                .sorted(Comparator.comparingLong(r -> Integer.toUnsignedLong(r.dealerIndex()))).toList()) {
            Bytes.be32(sha, r.dealerIndex());
            sha.update((byte) (r.success() ? 1 : 0));
        }
        sha.update(sessionId);
        return sha.digest();
    }

    @Override
    public ResponseBundle withSignature(byte[] newSignature) {
        return new ResponseBundle(shareIndex, responses, sessionId, newSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseBundle b && b.shareIndex == shareIndex && b.responses.equals(responses)
                && Arrays.equals(b.sessionId, sessionId) && Arrays.equals(b.signature, signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        long complaints = responses.stream().filter(r -> !r.success()).count();
        return "ResponseBundle[holder=" + shareIndex + ", responses=" + responses.size() + ", complaints=" + complaints
                + ", session=" + Hex.shortHex(sessionId) + "]";
    }
}
