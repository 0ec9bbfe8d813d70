package org.jdrand.crypto;

/** The two source groups of BLS12-381 and the size of their ZCash-compressed encodings. */
public enum Group {
    G1(48),
    G2(96);

    private final int compressedSize;

    Group(int compressedSize) {
        this.compressedSize = compressedSize;
    }

    /** Bytes of a compressed point of this group: 48 for G1, 96 for G2. */
    public int compressedSize() {
        return compressedSize;
    }

    /** The other source group (the signature group of a scheme whose keys live here). */
    public Group other() {
        return this == G1 ? G2 : G1;
    }
}
