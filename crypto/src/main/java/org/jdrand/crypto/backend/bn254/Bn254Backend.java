package org.jdrand.crypto.backend.bn254;

import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * BN254 (alt_bn128) behind the backend SPI, pure Java, for drand's evmnet scheme: G1 and G2 of
 * BN254 stand where BLS12-381's would, points are encoded uncompressed as kyber does (see
 * {@link Bn254Encoding}) and hashing to G1 is RFC 9380's SVDW map over Keccak-256
 * expand_message_xmd. Stateless and thread-safe.
 */
public final class Bn254Backend implements BlsBackend {
    /** The prime order r of BN254's G1, G2 and GT. */
    public static final java.math.BigInteger ORDER = Bn254Constants.R;
    private static final HashToG1 HASH = HashToG1.keccak256();
    private static final Bn254Point G1_GENERATOR = new Bn254Point(G1.GENERATOR);
    private static final Bn254Point G2_GENERATOR = new Bn254Point(G2.GENERATOR);

    @Override
    public java.math.BigInteger groupOrder() {
        return ORDER;
    }

    @Override
    public String name() {
        return "bn254";
    }

    /** drand's uncompressed encoding (64-byte G1, 128-byte G2), every check of {@link Bn254Encoding}. */
    @Override
    public Point decode(Group group, byte[] encoded) {
        return group == Group.G1 ? new Bn254Point(Bn254Encoding.decodeG1(encoded))
                : new Bn254Point(Bn254Encoding.decodeG2(encoded));
    }

    @Override
    public Point generator(Group group) {
        return group == Group.G1 ? G1_GENERATOR : G2_GENERATOR;
    }

    @Override
    public Point infinity(Group group) {
        return group == Group.G1 ? new Bn254Point(G1.INFINITY) : new Bn254Point(G2.INFINITY);
    }

    /**
     * RFC 9380 hash_to_curve to G1 with expand_message_xmd over Keccak-256 and the SVDW map
     * (evmnet's suite); no drand scheme hashes to BN254's G2.
     */
    @Override
    public Point hashToCurve(Group group, byte[] message, byte[] dst) {
        if (group != Group.G1) {
            throw new IllegalArgumentException("bn254: hash to G2 is not supported (no drand scheme signs on BN254's G2)");
        }
        return new Bn254Point(HASH.hash(message, dst));
    }

    @Override
    public boolean pairingProductIsOne(List<Point> g1Points, List<Point> g2Points) {
        if (g1Points.size() != g2Points.size()) {
            throw new IllegalArgumentException("pairing: " + g1Points.size() + " G1 points, " + g2Points.size() + " G2 points");
        }
        List<G1> ps = new ArrayList<>(g1Points.size());
        List<Pairing.Lines> qs = new ArrayList<>(g2Points.size());
        for (int i = 0; i < g1Points.size(); i++) {
            ps.add(point(g1Points.get(i), Group.G1).g1);
            qs.add(point(g2Points.get(i), Group.G2).lines());
        }
        return Pairing.finalExponentiation(Pairing.millerLoopPrepared(ps, qs)).isOne();
    }

    /** Σ scalars[i]·points[i] in variable time: for public scalars (batch weights, Lagrange coefficients). */
    @Override
    public Point multiScalarMultiply(List<Point> points, List<Scalar> scalars) {
        if (points.isEmpty() || points.size() != scalars.size()) {
            throw new IllegalArgumentException("msm: " + points.size() + " points, " + scalars.size() + " scalars");
        }
        Group g = points.get(0).group();
        Bn254Point acc = (Bn254Point) infinity(g);
        for (int i = 0; i < points.size(); i++) {
            Bn254Point term = point(points.get(i), g).multiplyPublic(scalars.get(i).toBigInteger());
            acc = (Bn254Point) acc.add(term);
        }
        return acc;
    }

    private static Bn254Point point(Point p, Group expected) {
        if (!(p instanceof Bn254Point b) || b.group() != expected) {
            throw new IllegalArgumentException("bn254: expected a bn254 " + expected + " point, got " + p);
        }
        return b;
    }
}
