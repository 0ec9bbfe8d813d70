package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.backend.ZcashEncoding;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.Pairing;

/**
 * BLS12-381 through blst (supranational) via jblst's JNI bindings. blst is lax where drand is
 * strict, so decoding first runs the shared {@link ZcashEncoding} checks and then the subgroup
 * check blst's decompression skips.
 */
public final class BlstBackend implements BlsBackend {
    public static final String NAME = "blst";

    /**
     * From this many points on, {@link #subgroupChecked} tests random combinations
     * ({@link SubgroupBatch}: 41 subgroup tests and about 27 additions per point in G1, 18 tests
     * and about 17 additions per point in G2) instead of each point (one test each).
     */
    static final int SUBGROUP_BATCH_MIN_POINTS = 64;

    /** Below this many points, per-point windowed multiplication beats Pippenger. */
    private static final int PIPPENGER_MIN_POINTS = 16;

    /**
     * Creates the backend and forces the native library to load.
     *
     * @throws UnsatisfiedLinkError or another {@link LinkageError}/{@link RuntimeException} when the
     *     native library cannot be loaded on this platform
     */
    public BlstBackend() {
        this(true);
    }

    /**
     * @param nativeMapToCurve whether to try the deferred-clearing hashes to G1 and G2 through the
     *     JDK's foreign linker ({@link MapToG1}, {@link MapToG2}); they are used only where this
     *     build has the linker of the running JDK and the JVM allows it (JDK 17: {@code --add-modules
     *     jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}; JDK 22+: {@code
     *     --enable-native-access=ALL-UNNAMED} or the jar manifest's {@code Enable-Native-Access}),
     *     else this backend stays on jblst alone
     */
    public BlstBackend(boolean nativeMapToCurve) {
        if (!P1.generator().in_group()) {
            throw new IllegalStateException("blst: generator self-check failed");
        }
        this.mapToG2 = nativeMapToCurve ? Foreign.MAP_TO_G2 : null;
        this.mapToG1 = nativeMapToCurve ? Foreign.MAP_TO_G1 : null;
        this.g1 = nativeMapToCurve ? Foreign.G1 : null;
        this.g1Subgroup = nativeMapToCurve ? Foreign.G1_SUBGROUP : null;
        this.g2Subgroup = nativeMapToCurve ? Foreign.G2_SUBGROUP : null;
        this.hashToCurveNote = nativeMapToCurve ? Foreign.UNAVAILABLE : "native map-to-curve turned off by jdrand.bls.foreign=false";
    }

    /** Null when the foreign linker is not usable here: no linker for this JDK in this build, no native access, missing symbol. */
    private final MapToG2 mapToG2;
    /** The deferred-clearing hash to G1; null exactly when {@link #mapToG2} is. */
    private final MapToG1 mapToG1;
    /** G1 batch sums of decoded signatures inside libblst; null exactly when {@link #mapToG2} is. */
    private final NativeG1 g1;
    private final String hashToCurveNote;
    /** Batched subgroup checks of decoded signatures; null exactly when {@link #mapToG2} is. */
    private final SubgroupBatch g1Subgroup;
    private final SubgroupBatch g2Subgroup;

    /** Bound once per JVM (its constants live in native memory for the JVM's lifetime), on first use. */
    static final class Foreign {
        static final MapToG2 MAP_TO_G2;
        static final MapToG1 MAP_TO_G1;
        static final NativeG1 G1;
        static final SubgroupBatch G1_SUBGROUP;
        static final SubgroupBatch G2_SUBGROUP;
        /** Why {@link #MAP_TO_G2} is null, else "". */
        static final String UNAVAILABLE;

        static {
            MapToG2 map = null;
            MapToG1 map1 = null;
            NativeG1 g1 = null;
            SubgroupBatch sub1 = null;
            SubgroupBatch sub2 = null;
            String why = "";
            try {
                BlstNative blst = BlstNative.load(Runtime.version().feature());
                map = new MapToG2(blst);
                map1 = new MapToG1(blst);
                g1 = new NativeG1(blst);
                sub1 = new SubgroupBatch(NativeCurve.g1(blst), blst.memory(), SubgroupBatch.G1_COFACTOR_PRIME);
                sub2 = new SubgroupBatch(NativeCurve.g2(blst), blst.memory(), SubgroupBatch.G2_COFACTOR_PRIME);
            } catch (LinkageError | RuntimeException e) {
                why = e.getMessage() != null ? e.getMessage() : e.toString();
                if (e instanceof NoClassDefFoundError) {
                    why = "foreign linker: " + why.replace('/', '.') + " missing (JDK 17 needs --add-modules jdk.incubator.foreign)";
                } else if (e instanceof IllegalCallerException) {
                    why = "foreign linker: native access denied (run with --enable-native-access=ALL-UNNAMED)";
                }
            }
            MAP_TO_G2 = map;
            MAP_TO_G1 = map == null ? null : map1;
            G1 = map == null ? null : g1;
            G1_SUBGROUP = map == null ? null : sub1;
            G2_SUBGROUP = map == null ? null : sub2;
            UNAVAILABLE = why;
        }
    }

    /**
     * "blst-foreign" when hashes to G1 and G2 are computed with the cofactor clearing deferred to the
     * batch sum (blst called through the JDK's foreign linker), "jblst" otherwise.
     */
    @Override
    public String hashToCurvePath() {
        return mapToG2 != null ? "blst-foreign" : "jblst";
    }

    /** Empty on the foreign path; else why this backend stays on jblst. */
    @Override
    public String hashToCurveNote() {
        return mapToG2 != null ? "" : hashToCurveNote;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Point decode(Group group, byte[] compressed) {
        if (ZcashEncoding.checkPrefix(group, compressed)) {
            return infinity(group);
        }
        String what = ZcashEncoding.label(group);
        if (group == Group.G1) {
            P1_Affine a;
            try {
                a = new P1_Affine(compressed);
            } catch (RuntimeException e) {
                throw new InvalidEncodingException(what + ": not on the curve", e);
            }
            if (!a.in_group()) {
                throw new InvalidEncodingException(what + ": not in the prime-order subgroup");
            }
            return BlstPoint.decodedG1(a, compressed);
        }
        P2_Affine a;
        try {
            a = new P2_Affine(compressed);
        } catch (RuntimeException e) {
            throw new InvalidEncodingException(what + ": not on the curve", e);
        }
        if (!a.in_group()) {
            throw new InvalidEncodingException(what + ": not in the prime-order subgroup");
        }
        return BlstPoint.decodedG2(a, compressed);
    }

    /**
     * On the foreign-linker path: blst's uncompress after the encoding checks, the subgroup test
     * left to {@link #subgroupChecked} (most of a full decode's cost). Else, and for infinity, the
     * full {@link #decode}.
     */
    @Override
    public CurvePoint decodeToCurve(Group group, byte[] compressed) {
        SubgroupBatch batch = group == Group.G1 ? g1Subgroup : g2Subgroup;
        if (batch == null || ZcashEncoding.checkPrefix(group, compressed)) {
            return BlsBackend.super.decodeToCurve(group, compressed);
        }
        try {
            return group == Group.G1 ? UncheckedPoint.g1(batch, compressed) : UncheckedPoint.g2(batch, compressed);
        } catch (RuntimeException e) {
            throw new InvalidEncodingException(ZcashEncoding.label(group) + ": not on the curve", e);
        }
    }

    /**
     * Many points of one group at once by random combinations ({@link SubgroupBatch}); when a
     * combination fails, or for fewer than {@value #SUBGROUP_BATCH_MIN_POINTS} points, each point
     * is tested on its own, so a point reported outside its subgroup is outside.
     */
    @Override
    public List<Point> subgroupChecked(List<CurvePoint> points, SecureRandom random) {
        List<UncheckedPoint> unchecked = new ArrayList<>();
        SubgroupBatch batch = null;
        for (CurvePoint p : points) {
            if (p instanceof UncheckedPoint u) {
                if (u.batch() != g1Subgroup && u.batch() != g2Subgroup || batch != null && u.batch() != batch) {
                    throw new IllegalArgumentException("subgroup check: points of two groups, or decoded by another blst path");
                }
                batch = u.batch();
                unchecked.add(u);
            } else if (!(p instanceof CurvePoint.Checked)) {
                throw new IllegalArgumentException("subgroup check: point of another backend: " + p.getClass().getSimpleName());
            }
        }
        boolean allIn = false;
        if (unchecked.size() >= SUBGROUP_BATCH_MIN_POINTS) {
            List<byte[]> serialized = new ArrayList<>(unchecked.size());
            for (UncheckedPoint u : unchecked) {
                serialized.add(u.serialize());
            }
            allIn = batch.allInSubgroup(serialized, random);
        }
        List<Point> out = new ArrayList<>(points.size());
        for (CurvePoint p : points) {
            if (p instanceof UncheckedPoint u) {
                out.add(allIn || u.inGroup() ? u.checked() : null);
            } else {
                out.add(((CurvePoint.Checked) p).point());
            }
        }
        return out;
    }

    @Override
    public Point generator(Group group) {
        return group == Group.G1 ? BlstPoint.ofG1(P1.generator()) : BlstPoint.ofG2(P2.generator());
    }

    @Override
    public Point infinity(Group group) {
        return group == Group.G1 ? BlstPoint.ofG1(new P1()) : BlstPoint.ofG2(new P2());
    }

    @Override
    public Point hashToCurve(Group group, byte[] message, byte[] dst) {
        String tag = asciiTag(dst);
        return group == Group.G1 ? BlstPoint.ofG1(new P1().hash_to(message, tag)) : BlstPoint.ofG2(new P2().hash_to(message, tag));
    }

    @Override
    public DeferredHash hashToCurveDeferred(Group group, byte[] message, byte[] dst) {
        DeferredMap map = group == Group.G1 ? mapToG1 : mapToG2;
        if (map == null || dst.length > DeferredMap.MAX_DST) {
            return DeferredHash.of(hashToCurve(group, message, dst));
        }
        asciiTag(dst); // the same DST check as the jblst path
        return new UnclearedHash(map, map.hashUncleared(message, dst));
    }

    @Override
    public Point sumOfHashes(List<DeferredHash> hashes, List<Scalar> weights) {
        if (hashes.isEmpty() || hashes.size() != weights.size()) {
            throw new IllegalArgumentException("sum of hashes: " + hashes.size() + " hashes, " + weights.size() + " weights");
        }
        DeferredMap map = hashes.get(0) instanceof UnclearedHash first ? first.map() : null;
        List<long[]> qs = new java.util.ArrayList<>(hashes.size());
        for (DeferredHash h : hashes) {
            if (map == null || !(h instanceof UnclearedHash u) || u.map() != map) {
                return BlsBackend.super.sumOfHashes(hashes, weights);
            }
            qs.add(u.limbs());
        }
        return map.sumCleared(qs, weightsOf(weights));
    }

    private static BigInteger[] weightsOf(List<Scalar> weights) {
        BigInteger[] w = new BigInteger[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i).toBigInteger();
        }
        return w;
    }

    @Override
    public org.jdrand.crypto.GtElement pairing(Point g1, Point g2) {
        return BlstPairing.pair(g1, g2);
    }

    @Override
    public boolean pairingProductIsOne(List<Point> g1Points, List<Point> g2Points) {
        if (g1Points.size() != g2Points.size()) {
            throw new IllegalArgumentException("pairing: " + g1Points.size() + " g1 points, " + g2Points.size() + " g2 points");
        }
        // one context: blst runs the Miller loops of all pairs together, then one final exponentiation
        Pairing ctx = new Pairing(true, "");
        boolean any = false;
        for (int i = 0; i < g1Points.size(); i++) {
            BlstPoint p = BlstPoint.cast(g1Points.get(i));
            BlstPoint q = BlstPoint.cast(g2Points.get(i));
            if (p.group() != Group.G1 || q.group() != Group.G2) {
                throw new IllegalArgumentException("pairing: pair " + i + " is (" + p.group() + ", " + q.group() + ")");
            }
            if (p.isInfinity() || q.isInfinity()) {
                continue; // e(O, Q) = e(P, O) = 1
            }
            ctx.raw_aggregate(q.g2Affine(), p.g1Affine());
            any = true;
        }
        if (!any) {
            return true;
        }
        ctx.commit();
        return ctx.as_fp12().final_exp().is_one();
    }

    /**
     * Variable-time Σ sᵢ·Pᵢ for public scalars: windowed multiplication sized to the longest
     * scalar for few points, Pippenger's bucket method for many (random 64-bit batch weights,
     * Lagrange coefficients, powers of indices).
     */
    @Override
    public Point multiScalarMultiply(List<Point> points, List<Scalar> scalars) {
        if (points.isEmpty() || points.size() != scalars.size()) {
            throw new IllegalArgumentException("msm: " + points.size() + " points, " + scalars.size() + " scalars");
        }
        Group group = points.get(0).group();
        int n = points.size();
        BigInteger[] s = new BigInteger[n];
        int bits = 1;
        for (int i = 0; i < n; i++) {
            s[i] = scalars.get(i).toBigInteger();
            bits = Math.max(bits, s[i].bitLength());
            if (BlstPoint.cast(points.get(i)).group() != group) {
                throw new IllegalArgumentException("msm: mixed groups");
            }
        }
        if (group == Group.G1 && n >= PIPPENGER_MIN_POINTS && g1 != null && allAffineKnown(points)) {
            // decoded points (quicknet's batch signatures): blst's own Pippenger, fed by the cheap uncompressed form
            List<byte[]> serialized = new java.util.ArrayList<>(n);
            for (Point p : points) {
                serialized.add(BlstPoint.cast(p).g1AffineIfKnown().serialize());
            }
            return BlstPoint.ofG1(new P1_Affine(g1.sumSerialized(serialized, s)).to_jacobian());
        }
        if (group == Group.G1) {
            return BlstPoint.ofG1(n < PIPPENGER_MIN_POINTS ? naiveG1(points, s) : Pippenger.msm(Pippenger.G1, points, s, bits));
        }
        if (n >= PIPPENGER_MIN_POINTS && mapToG2 != null && allAffineKnown(points)) {
            // decoded points (batch signatures): blst's own Pippenger, fed by the cheap uncompressed form
            List<byte[]> serialized = new java.util.ArrayList<>(n);
            for (Point p : points) {
                serialized.add(BlstPoint.cast(p).g2AffineIfKnown().serialize());
            }
            return BlstPoint.ofG2(new P2_Affine(mapToG2.sumSerialized(serialized, s)).to_jacobian());
        }
        return BlstPoint.ofG2(n < PIPPENGER_MIN_POINTS ? naiveG2(points, s) : Pippenger.msm(Pippenger.G2, points, s, bits));
    }

    private static boolean allAffineKnown(List<Point> points) {
        for (Point p : points) {
            BlstPoint b = BlstPoint.cast(p);
            if ((b.group() == Group.G1 ? b.g1AffineIfKnown() : b.g2AffineIfKnown()) == null) {
                return false;
            }
        }
        return true;
    }

    private static P1 naiveG1(List<Point> points, BigInteger[] s) {
        P1 acc = new P1();
        for (int i = 0; i < s.length; i++) {
            if (s[i].signum() != 0) {
                acc.add(BlstPoint.cast(points.get(i)).g1Copy().mult(s[i]));
            }
        }
        return acc;
    }

    private static P2 naiveG2(List<Point> points, BigInteger[] s) {
        P2 acc = new P2();
        for (int i = 0; i < s.length; i++) {
            if (s[i].signum() != 0) {
                acc.add(BlstPoint.cast(points.get(i)).g2Copy().mult(s[i]));
            }
        }
        return acc;
    }

    /** The last DST converted (schemes use one or two): saves a check and a String per hash. */
    private volatile Tag lastTag = new Tag(new byte[0], "");

    private record Tag(byte[] dst, String tag) {}

    /** blst takes the DST as a Java string; drand's tags are ASCII, so that is lossless. */
    private String asciiTag(byte[] dst) {
        Tag t = lastTag;
        if (java.util.Arrays.equals(t.dst, dst)) {
            return t.tag;
        }
        String tag = checkedAsciiTag(dst);
        lastTag = new Tag(dst.clone(), tag);
        return tag;
    }

    private static String checkedAsciiTag(byte[] dst) {
        for (byte b : dst) {
            if (b < 0x20 || b > 0x7e) {
                throw new IllegalArgumentException("hash to curve: blst backend needs a printable ASCII DST");
            }
        }
        return new String(dst, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
