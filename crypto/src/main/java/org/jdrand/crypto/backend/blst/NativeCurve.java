package org.jdrand.crypto.backend.blst;

/**
 * blst's native point operations of one group (E1 / G1, or E2 / G2), through the foreign linker,
 * as the batch sums ({@link NativeMsm}) and the batched subgroup checks ({@link SubgroupBatch})
 * need them. Addresses point into {@link BlstNative#memory()}.
 */
interface NativeCurve {
    /** Bytes of a Jacobian point (blst_p1 / blst_p2). */
    int jacobian();

    /** Bytes of an affine point, equal to its uncompressed serialization's length. */
    int affine();

    /** BLST_ERROR: 0 when the serialization is a point of the curve. */
    int deserialize(long out, long in);

    void serialize(long out, long p);

    void fromAffine(long out, long in);

    /** {@code pointers}: a {start, NULL} array of {@code n} contiguous Jacobian points. */
    void toAffine(long out, long pointers, long n);

    void addOrDouble(long out, long a, long b);

    /** out (Jacobian) = Σ of {@code n} affine points given by an array of non-NULL pointers. */
    void sumOfAffine(long out, long pointers, long n);

    void uncheckedMult(long out, long p, long scalar, long bits);

    long pippengerScratchSizeof(long n);

    void pippenger(long out, long points, long n, long scalars, long bits, long scratch);

    boolean inSubgroup(long jacobian);

    static NativeCurve g1(BlstNative blst) {
        return new NativeCurve() {
            public int jacobian() { return BlstNative.P1; }
            public int affine() { return BlstNative.P1_AFFINE; }
            public int deserialize(long out, long in) { return blst.p1Deserialize(out, in); }
            public void serialize(long out, long p) { blst.p1Serialize(out, p); }
            public void fromAffine(long out, long in) { blst.p1FromAffine(out, in); }
            public void toAffine(long out, long pointers, long n) { blst.p1sToAffine(out, pointers, n); }
            public void addOrDouble(long out, long a, long b) { blst.p1AddOrDouble(out, a, b); }
            public void sumOfAffine(long out, long pointers, long n) { blst.p1sAdd(out, pointers, n); }
            public void uncheckedMult(long out, long p, long s, long bits) { blst.p1UncheckedMult(out, p, s, bits); }
            public long pippengerScratchSizeof(long n) { return blst.p1sMultPippengerScratchSizeof(n); }
            public void pippenger(long out, long points, long n, long scalars, long bits, long scratch) {
                blst.p1sMultPippenger(out, points, n, scalars, bits, scratch);
            }
            public boolean inSubgroup(long p) { return blst.p1InG1(p); }
        };
    }

    static NativeCurve g2(BlstNative blst) {
        return new NativeCurve() {
            public int jacobian() { return BlstNative.P2; }
            public int affine() { return BlstNative.P2_AFFINE; }
            public int deserialize(long out, long in) { return blst.p2Deserialize(out, in); }
            public void serialize(long out, long p) { blst.p2Serialize(out, p); }
            public void fromAffine(long out, long in) { blst.p2FromAffine(out, in); }
            public void toAffine(long out, long pointers, long n) { blst.p2sToAffine(out, pointers, n); }
            public void addOrDouble(long out, long a, long b) { blst.p2AddOrDouble(out, a, b); }
            public void sumOfAffine(long out, long pointers, long n) { blst.p2sAdd(out, pointers, n); }
            public void uncheckedMult(long out, long p, long s, long bits) { blst.p2UncheckedMult(out, p, s, bits); }
            public long pippengerScratchSizeof(long n) { return blst.p2sMultPippengerScratchSizeof(n); }
            public void pippenger(long out, long points, long n, long scalars, long bits, long scratch) {
                blst.p2sMultPippenger(out, points, n, scalars, bits, scratch);
            }
            public boolean inSubgroup(long p) { return blst.p2InG2(p); }
        };
    }
}
