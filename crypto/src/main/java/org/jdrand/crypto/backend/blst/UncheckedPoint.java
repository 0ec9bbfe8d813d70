package org.jdrand.crypto.backend.blst;

import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * A point decompressed onto its curve (blst's uncompress, after the encoding checks) whose
 * subgroup check is left to {@link BlstBackend#subgroupChecked}: batch verification's signatures.
 * Never infinity (that is decoded fully). The affine point is never mutated.
 */
final class UncheckedPoint implements CurvePoint {
    private final SubgroupBatch batch;
    private final P1_Affine a1;
    private final P2_Affine a2;
    private final byte[] compressed;

    private UncheckedPoint(SubgroupBatch batch, P1_Affine a1, P2_Affine a2, byte[] compressed) {
        this.batch = batch;
        this.a1 = a1;
        this.a2 = a2;
        this.compressed = compressed.clone();
    }

    /** @throws RuntimeException from blst when {@code compressed} is not a point of E1 */
    static UncheckedPoint g1(SubgroupBatch batch, byte[] compressed) {
        return new UncheckedPoint(batch, new P1_Affine(compressed), null, compressed);
    }

    /** @throws RuntimeException from blst when {@code compressed} is not a point of E2 */
    static UncheckedPoint g2(SubgroupBatch batch, byte[] compressed) {
        return new UncheckedPoint(batch, null, new P2_Affine(compressed), compressed);
    }

    /** The batch check this point was decoded for. */
    SubgroupBatch batch() {
        return batch;
    }

    /** blst's uncompressed serialization (the batch check's input). */
    byte[] serialize() {
        return a1 != null ? a1.serialize() : a2.serialize();
    }

    /** blst's own test of this point alone. */
    boolean inGroup() {
        return a1 != null ? a1.in_group() : a2.in_group();
    }

    /** The point once shown to be in its subgroup. */
    BlstPoint checked() {
        return a1 != null ? BlstPoint.decodedG1(a1, compressed) : BlstPoint.decodedG2(a2, compressed);
    }

    @Override
    public Group group() {
        return a1 != null ? Group.G1 : Group.G2;
    }

    @Override
    public boolean isInfinity() {
        return false;
    }

    @Override
    public String toString() {
        return group() + "[unchecked " + Hex.shortHex(compressed) + "]";
    }
}
