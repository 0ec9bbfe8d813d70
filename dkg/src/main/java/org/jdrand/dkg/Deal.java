package org.jdrand.dkg;

import java.util.Arrays;

/** One encrypted share of a deal bundle ({@code dkg.Deal}). */
public record Deal(int shareIndex, byte[] encryptedShare) {
    public Deal {
        encryptedShare = Bytes.copy(encryptedShare);
    }

    @Override
    public byte[] encryptedShare() {
        return encryptedShare.clone();
    }

    byte[] encryptedShareUnsafe() {
        return encryptedShare;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Deal d && d.shareIndex == shareIndex && Arrays.equals(d.encryptedShare, encryptedShare);
    }

    @Override
    public int hashCode() {
        return 31 * shareIndex + Arrays.hashCode(encryptedShare);
    }

    @Override
    public String toString() {
        return "Deal[shareIndex=" + shareIndex + ", " + encryptedShare.length + " bytes]";
    }
}
