package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.RandomLinearCombination;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The building blocks of verification, to see where the time goes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrimitivesBench {
    @Param({"blst"})
    public String backend;

    @Param({"G1", "G2"})
    public String group;

    private BlsBackend be;
    private Group g;
    private byte[] msg;
    private byte[] dst;
    private byte[] encoded;
    private Point point;
    private Point other;
    private Scalar full;
    private Scalar weight;
    private List<Point> points;
    private List<Scalar> weights;
    private List<Point> g1s;
    private List<Point> g2s;

    @Setup
    public void setUp() {
        be = BlsBackends.byName(backend);
        g = Group.valueOf(group);
        SecureRandom rnd = new SecureRandom();
        msg = new byte[32];
        rnd.nextBytes(msg);
        dst = (g == Group.G1 ? Scheme.DST_G1 : Scheme.DST_G2).getBytes();
        point = be.hashToCurve(g, msg, dst);
        other = be.generator(g).multiply(Scalar.random(rnd));
        encoded = point.toBytes();
        full = Scalar.random(rnd);
        weight = RandomLinearCombination.weights(rnd, 1).get(0);
        points = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            points.add(be.generator(g).multiply(Scalar.random(rnd)));
        }
        weights = RandomLinearCombination.weights(rnd, 1000);
        Point p1 = be.generator(Group.G1).multiply(full);
        Point q2 = be.generator(Group.G2);
        g1s = List.of(p1, be.generator(Group.G1).negate());
        g2s = List.of(q2, q2.multiply(full));
    }

    @Benchmark
    public Point hashToCurve() {
        return be.hashToCurve(g, msg, dst);
    }

    @Benchmark
    public Point decode() {
        return be.decode(g, encoded);
    }

    @Benchmark
    public byte[] encode() {
        return point.add(other).toBytes();
    }

    @Benchmark
    public Point multiplyFull() {
        return point.multiply(full);
    }

    @Benchmark
    public Point multiply64BitWeight() {
        return be.multiScalarMultiply(List.of(point), List.of(weight));
    }

    @Benchmark
    public Point msm1000Weights() {
        return be.multiScalarMultiply(points, weights);
    }

    @Benchmark
    public boolean pairingProductOfTwo() {
        return be.pairingProductIsOne(g1s, g2s);
    }
}
