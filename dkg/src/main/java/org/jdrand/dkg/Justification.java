package org.jdrand.dkg;

import java.util.Arrays;

/**
 * A share revealed in clear by its dealer after a complaint ({@code dkg.Justification}); the
 * share bytes are a 32-byte big-endian scalar and are never printed.
 */
public record Justification(int shareIndex, byte[] share) {
    public Justification {
        share = Bytes.copy(share);
    }

    @Override
    public byte[] share() {
        return share.clone();
    }

    byte[] shareUnsafe() {
        return share;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Justification j && j.shareIndex == shareIndex && Arrays.equals(j.share, share);
    }

    @Override
    public int hashCode() {
        return 31 * shareIndex + Arrays.hashCode(share);
    }

    @Override
    public String toString() {
        return "Justification[shareIndex=" + shareIndex + ", redacted]";
    }
}
