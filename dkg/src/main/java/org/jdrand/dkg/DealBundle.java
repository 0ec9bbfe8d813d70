package org.jdrand.dkg;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;

/**
 * A dealer's commitments and encrypted shares ({@code dkg.DealBundle}); commitments are the
 * marshalled key-group points exactly as received.
 */
public record DealBundle(int dealerIndex, List<byte[]> commits, List<Deal> deals, byte[] sessionId, byte[] signature)
        implements DkgBundle {
    public DealBundle {
        commits = Bytes.copyAll(commits);
        deals = List.copyOf(deals);
        sessionId = Bytes.copy(sessionId);
        signature = Bytes.copy(signature);
    }

    @Override
    public List<byte[]> commits() {
        return Bytes.copyAll(commits);
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

    List<byte[]> commitsUnsafe() {
        return commits;
    }

    /** BE32(dealer) ‖ commits ‖ per deal sorted by share index: BE32(share index) ‖ encrypted share ‖ session id. */
    @Override
    public byte[] hash() {
        MessageDigest sha = Scheme.sha256();
        Bytes.be32(sha, dealerIndex);
        for (byte[] c : commits) {
            sha.update(c);
        }
        for (Deal d : deals.stream().sorted(Comparator.comparingLong(d -> Integer.toUnsignedLong(d.shareIndex()))).toList()) {
            Bytes.be32(sha, d.shareIndex());
            sha.update(d.encryptedShareUnsafe());
        }
        sha.update(sessionId);
        return sha.digest();
    }

    @Override
    public DealBundle withSignature(byte[] newSignature) {
        return new DealBundle(dealerIndex, commits, deals, sessionId, newSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DealBundle b && b.dealerIndex == dealerIndex && Bytes.equalAll(b.commits, commits)
                && b.deals.equals(deals) && Arrays.equals(b.sessionId, sessionId) && Arrays.equals(b.signature, signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        return "DealBundle[dealer=" + dealerIndex + ", commits=" + commits.size() + ", deals=" + deals.size()
                + ", session=" + Hex.shortHex(sessionId) + "]";
    }
}
