package org.jdrand.crypto.backend.bc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.bls.BLS12_381G1;
import org.bouncycastle.crypto.bls.BLS12_381G2;
import org.bouncycastle.crypto.bls.BLS12_381G2HashToCurve;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.crypto.bls.BLS12_381Pairing;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.crypto.bls.BLS12_381SubgroupCheck;
import org.bouncycastle.crypto.bls.Fp12Element;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.backend.ZcashEncoding;

/**
 * BLS12-381 in pure Java with Bouncy Castle's {@code org.bouncycastle.crypto.bls} (pairing,
 * RFC 9380 hash-to-curve, ZCash serialization, subgroup checks). Portable and independent of
 * blst, so it doubles as a cross-check; 10–20x slower.
 */
public final class BouncyCastleBackend implements BlsBackend {
    public static final String NAME = "bouncycastle";

    private static final ECCurve CURVE = BLS12_381G1.createCurve();
    private static final ECPoint G1_GENERATOR = BLS12_381G1.getGenerator(CURVE).normalize();

    /** Hashers are stateless once built; one per DST. */
    private final Map<String, HashToEllipticCurve> g1Hashers = new ConcurrentHashMap<>();
    private final Map<String, BLS12_381G2HashToCurve> g2Hashers = new ConcurrentHashMap<>();

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
            ECPoint p;
            try {
                p = BLS12_381Serialization.decompressG1(compressed, CURVE);
            } catch (IllegalArgumentException e) {
                throw new InvalidEncodingException(what + ": not on the curve", e);
            }
            if (!BLS12_381SubgroupCheck.isInG1Subgroup(p)) {
                throw new InvalidEncodingException(what + ": not in the prime-order subgroup");
            }
            return BcPoint.ofG1(p.normalize());
        }
        BLS12_381G2Point p;
        try {
            p = BLS12_381Serialization.decompressG2(compressed);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException(what + ": not on the curve", e);
        }
        if (!BLS12_381SubgroupCheck.isInG2Subgroup(p)) {
            throw new InvalidEncodingException(what + ": not in the prime-order subgroup");
        }
        return BcPoint.ofG2(p);
    }

    @Override
    public Point generator(Group group) {
        return group == Group.G1 ? BcPoint.ofG1(G1_GENERATOR) : BcPoint.ofG2(BLS12_381G2.getGenerator());
    }

    @Override
    public Point infinity(Group group) {
        return group == Group.G1 ? BcPoint.ofG1(CURVE.getInfinity()) : BcPoint.ofG2(BLS12_381G2Point.INFINITY);
    }

    @Override
    public Point hashToCurve(Group group, byte[] message, byte[] dst) {
        String tag = asciiTag(dst);
        if (group == Group.G1) {
            HashToEllipticCurve h = g1Hashers.computeIfAbsent(tag,
                    t -> HashToEllipticCurve.getInstance(HashToCurveProfile.BLS12_381_G1_XMD_SHA_256_SSWU_RO, t));
            ECPoint p = h.hashToCurve(message).normalize();
            // the hasher may use its own curve instance: move the point onto ours
            return BcPoint.ofG1(p.isInfinity() ? CURVE.getInfinity()
                    : CURVE.createPoint(p.getAffineXCoord().toBigInteger(), p.getAffineYCoord().toBigInteger()));
        }
        BLS12_381G2HashToCurve h = g2Hashers.computeIfAbsent(tag, t -> new BLS12_381G2HashToCurve(t.getBytes(StandardCharsets.US_ASCII)));
        return BcPoint.ofG2(h.hashToCurve(message));
    }

    @Override
    public org.jdrand.crypto.GtElement pairing(Point g1, Point g2) {
        return BcPairing.pair(g1, g2);
    }

    @Override
    public boolean pairingProductIsOne(List<Point> g1Points, List<Point> g2Points) {
        if (g1Points.size() != g2Points.size()) {
            throw new IllegalArgumentException("pairing: " + g1Points.size() + " g1 points, " + g2Points.size() + " g2 points");
        }
        ECPoint[] ps = new ECPoint[g1Points.size()];
        BLS12_381G2Point[] qs = new BLS12_381G2Point[g2Points.size()];
        for (int i = 0; i < ps.length; i++) {
            BcPoint p = BcPoint.cast(g1Points.get(i));
            BcPoint q = BcPoint.cast(g2Points.get(i));
            if (p.group() != Group.G1 || q.group() != Group.G2) {
                throw new IllegalArgumentException("pairing: pair " + i + " is (" + p.group() + ", " + q.group() + ")");
            }
            ps[i] = p.g1();
            qs[i] = q.g2();
        }
        return Fp12Element.ONE.equals(BLS12_381Pairing.multiPair(ps, qs));
    }

    /** Variable-time Σ sᵢ·Pᵢ (public scalars only). */
    @Override
    public Point multiScalarMultiply(List<Point> points, List<Scalar> scalars) {
        if (points.isEmpty() || points.size() != scalars.size()) {
            throw new IllegalArgumentException("msm: " + points.size() + " points, " + scalars.size() + " scalars");
        }
        Point acc = infinity(points.get(0).group());
        for (int i = 0; i < points.size(); i++) {
            if (!scalars.get(i).isZero()) {
                acc = acc.add(BcPoint.cast(points.get(i)).multiplyPublic(scalars.get(i).toBigInteger()));
            }
        }
        return acc;
    }

    private static String asciiTag(byte[] dst) {
        for (byte b : dst) {
            if (b < 0x20 || b > 0x7e) {
                throw new IllegalArgumentException("hash to curve: printable ASCII DST expected");
            }
        }
        return new String(dst, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
