package org.jdrand.crypto.backend.blst;

import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.Group;
import supranational.blst.P1_Affine;

/**
 * A G1 point decompressed onto the curve (blst's uncompress, after the encoding checks) whose
 * subgroup check is left to {@link BlstBackend#subgroupChecked}: quicknet's batch signatures.
 * Never infinity (that is decoded fully). The affine point is never mutated.
 */
final class UncheckedG1 implements CurvePoint {
    private final NativeG1 g1;
    private final P1_Affine affine;
    private final byte[] compressed;

    UncheckedG1(NativeG1 g1, P1_Affine affine, byte[] compressed) {
        this.g1 = g1;
        this.affine = affine;
        this.compressed = compressed.clone();
    }

    NativeG1 g1() {
        return g1;
    }

    P1_Affine affine() {
        return affine;
    }

    /** The point once shown to be in G1. */
    BlstPoint checked() {
        return BlstPoint.decodedG1(affine, compressed);
    }

    @Override
    public Group group() {
        return Group.G1;
    }

    @Override
    public boolean isInfinity() {
        return false;
    }

    @Override
    public String toString() {
        return "G1[unchecked " + org.jdrand.crypto.Hex.shortHex(compressed) + "]";
    }
}
