package org.jdrand.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The BLS12-381 primitives jdrand needs, implemented by blst (JNI) and Bouncy Castle (pure
 * Java). Chosen once at the composition root; everything above this interface is shared.
 */
public interface BlsBackend {
    /** Short name used on command lines and in logs: "blst" or "bouncycastle". */
    String name();

    /** How this backend hashes to the curve, for a log line: by default its {@link #name()}. */
    default String hashToCurvePath() {
        return name();
    }

    /** Why {@link #hashToCurvePath()} is not the fastest path this backend has, or "" (for the same log line). */
    default String hashToCurveNote() {
        return "";
    }

    /**
     * Decodes a ZCash-compressed point with every check of spec/beacon-and-crypto.md §3.1
     * (length, flags, canonical coordinates, on curve, subgroup, infinity rules).
     *
     * @throws InvalidEncodingException naming the failed check
     */
    Point decode(Group group, byte[] compressed);

    /**
     * {@link #decode}, possibly without the subgroup check, for batch verification: the result is
     * only turned into a {@link Point} by {@link #subgroupChecked}, which may check many points at
     * once. The default defers nothing.
     *
     * @throws InvalidEncodingException naming the failed check
     */
    default CurvePoint decodeToCurve(Group group, byte[] compressed) {
        return CurvePoint.checked(decode(group, compressed));
    }

    /**
     * The points made by {@link #decodeToCurve} of this backend as {@link Point}s, in order, with
     * null for each one outside the prime-order subgroup. A backend may check many points at once
     * by random combinations drawn from {@code random}, accepting a point outside the subgroup
     * with a probability below 2⁻⁶⁴ per call (the bound of batch verification's own 64-bit
     * weights); a point it reports as outside is outside.
     */
    default List<Point> subgroupChecked(List<CurvePoint> points, SecureRandom random) {
        List<Point> out = new ArrayList<>(points.size());
        for (CurvePoint p : points) {
            if (!(p instanceof CurvePoint.Checked c)) {
                throw new IllegalArgumentException("subgroup check: point of another backend: " + p.getClass().getSimpleName());
            }
            out.add(c.point());
        }
        return out;
    }

    Point generator(Group group);

    /** The prime order r of this backend's groups: the order of the scalars that act on its points. */
    default java.math.BigInteger groupOrder() {
        return Scalar.ORDER;
    }

    Point infinity(Group group);

    /** RFC 9380 hash_to_curve (random-oracle variant, expand_message_xmd SHA-256, SSWU). */
    Point hashToCurve(Group group, byte[] message, byte[] dst);

    /**
     * {@link #hashToCurve}, possibly stopped before clearing the cofactor, for batch
     * verification: the result is only combined by {@link #sumOfHashes} or completed by
     * {@link DeferredHash#point()}. The default defers nothing.
     */
    default DeferredHash hashToCurveDeferred(Group group, byte[] message, byte[] dst) {
        return DeferredHash.of(hashToCurve(group, message, dst));
    }

    /**
     * Σ weights[i]·H(mᵢ) for hashes made by {@link #hashToCurveDeferred} of this backend, all in
     * one group; weights must be non-negative. The default multiplies the complete hashes.
     */
    default Point sumOfHashes(List<DeferredHash> hashes, List<Scalar> weights) {
        if (hashes.isEmpty() || hashes.size() != weights.size()) {
            throw new IllegalArgumentException("sum of hashes: " + hashes.size() + " hashes, " + weights.size() + " weights");
        }
        List<Point> points = new java.util.ArrayList<>(hashes.size());
        for (DeferredHash h : hashes) {
            points.add(h.point());
        }
        return multiScalarMultiply(points, weights);
    }

    /**
     * The pairing e(g1, g2) as a GT value (timelock encryption hashes it). Backends without GT
     * values say so; both of jdrand's backends have them.
     *
     * @throws UnsupportedOperationException when this backend has no GT values
     */
    default GtElement pairing(Point g1, Point g2) {
        throw new UnsupportedOperationException("pairing: backend " + name() + " has no GT values");
    }

    /** True iff the product of e(g1Points[i], g2Points[i]) is the identity of GT. */
    boolean pairingProductIsOne(List<Point> g1Points, List<Point> g2Points);

    /** Σ scalars[i]·points[i]; backends may override with a faster multi-scalar multiplication. */
    default Point multiScalarMultiply(List<Point> points, List<Scalar> scalars) {
        if (points.isEmpty() || points.size() != scalars.size()) {
            throw new IllegalArgumentException("msm: " + points.size() + " points, " + scalars.size() + " scalars");
        }
        Point acc = infinity(points.get(0).group());
        for (int i = 0; i < points.size(); i++) {
            acc = acc.add(points.get(i).multiply(scalars.get(i)));
        }
        return acc;
    }
}
