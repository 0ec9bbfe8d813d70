package org.jdrand.crypto;

import java.util.List;

/**
 * The BLS12-381 primitives jdrand needs, implemented by blst (JNI) and Bouncy Castle (pure
 * Java). Chosen once at the composition root; everything above this interface is shared.
 */
public interface BlsBackend {
    /** Short name used on command lines and in logs: "blst" or "bouncycastle". */
    String name();

    /**
     * Decodes a ZCash-compressed point with every check of spec/beacon-and-crypto.md §3.1
     * (length, flags, canonical coordinates, on curve, subgroup, infinity rules).
     *
     * @throws InvalidEncodingException naming the failed check
     */
    Point decode(Group group, byte[] compressed);

    Point generator(Group group);

    Point infinity(Group group);

    /** RFC 9380 hash_to_curve (random-oracle variant, expand_message_xmd SHA-256, SSWU). */
    Point hashToCurve(Group group, byte[] message, byte[] dst);

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
