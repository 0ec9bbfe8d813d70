package org.jdrand.crypto.backend.bn254;

/**
 * Scalar multiplication by a secret (a key, a share, a DKG coefficient) on G1 and G2, in
 * constant time with respect to the scalar.
 *
 * <p>What is constant-time: the scalar is read as 256 bits of a fixed 32-byte big-endian
 * encoding (any value, reduced or not, gives the same multiple mod r); it is processed in 64
 * fixed windows of 4 bits, each window doing 4 doublings and one addition; the table entry of a
 * window is picked by reading all 16 entries and keeping one with masks (no secret-indexed memory
 * access); the point formulas are the complete ones of Renes, Costello and Batina (2016,
 * algorithms 7 and 9 for a = 0) on homogeneous projective coordinates, which have no exceptional
 * case for points of odd order (every point of G1 and G2), so there is no branch on the point at
 * infinity or on equal operands; the field arithmetic ({@link Fp}) is branch-free on 4x64-bit
 * limbs. What is not: the conversion of a {@link org.jdrand.crypto.Scalar} (a BigInteger) to its
 * 32 bytes, and the JIT, which a Java library cannot control.
 */
final class SecretMul {
    private static final int WINDOW = 4;
    private static final int TABLE = 1 << WINDOW;
    /** 3b for G1 (b = 3). */
    private static final Fp B3_G1 = Fp.of(9);
    /** 3b' for G2 (b' = 3/ξ). */
    private static final Fp2 B3_G2 = G2.B.add(G2.B).add(G2.B);

    private SecretMul() {}

    /** k·p, k the 32-byte big-endian scalar (read whole, never reduced first). */
    static G1 g1(G1 p, byte[] k) {
        checkScalar(k);
        // Jacobian (X, Y, Z) is the affine point (X/Z², Y/Z³), i.e. the projective (XZ, Y, Z³)
        Fp[] base = {p.x.mul(p.z), p.y, p.z.sqr().mul(p.z)};
        Fp[][] table = new Fp[TABLE][];
        table[0] = new Fp[] {Fp.ZERO, Fp.ONE, Fp.ZERO};
        for (int i = 1; i < TABLE; i++) {
            table[i] = add1(table[i - 1], base);
        }
        Fp[] acc = table[0];
        for (int w = 0; w < 256 / WINDOW; w++) {
            for (int d = 0; d < WINDOW; d++) {
                acc = dbl1(acc);
            }
            int digit = digit(k, w);
            Fp[] pick = table[0];
            for (int i = 1; i < TABLE; i++) {
                long m = eqMask(i, digit);
                pick = new Fp[] {Fp.select(m, pick[0], table[i][0]), Fp.select(m, pick[1], table[i][1]),
                    Fp.select(m, pick[2], table[i][2])};
            }
            acc = add1(acc, pick);
        }
        // projective (X, Y, Z) back to Jacobian (XZ, YZ², Z); infinity (0, Y, 0) gives Z = 0
        Fp z = acc[2];
        return new G1(acc[0].mul(z), acc[1].mul(z.sqr()), z);
    }

    /** k·q, k the 32-byte big-endian scalar (read whole, never reduced first). */
    static G2 g2(G2 q, byte[] k) {
        checkScalar(k);
        Fp2[] base = {q.x.mul(q.z), q.y, q.z.sqr().mul(q.z)};
        Fp2[][] table = new Fp2[TABLE][];
        table[0] = new Fp2[] {Fp2.ZERO, Fp2.ONE, Fp2.ZERO};
        for (int i = 1; i < TABLE; i++) {
            table[i] = add2(table[i - 1], base);
        }
        Fp2[] acc = table[0];
        for (int w = 0; w < 256 / WINDOW; w++) {
            for (int d = 0; d < WINDOW; d++) {
                acc = dbl2(acc);
            }
            int digit = digit(k, w);
            Fp2[] pick = table[0];
            for (int i = 1; i < TABLE; i++) {
                long m = eqMask(i, digit);
                pick = new Fp2[] {Fp2.select(m, pick[0], table[i][0]), Fp2.select(m, pick[1], table[i][1]),
                    Fp2.select(m, pick[2], table[i][2])};
            }
            acc = add2(acc, pick);
        }
        Fp2 z = acc[2];
        return new G2(acc[0].mul(z), acc[1].mul(z.sqr()), z);
    }

    private static void checkScalar(byte[] k) {
        if (k.length != 32) {
            throw new IllegalArgumentException("bn254 scalar: length " + k.length + " (expected 32)");
        }
    }

    /** The w-th 4-bit window of k from the most significant end. */
    private static int digit(byte[] k, int w) {
        int b = k[w >>> 1] & 0xff;
        return (w & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    /** All ones when a == b, else zero, without a branch. */
    private static long eqMask(int a, int b) {
        long d = a ^ b;
        return ((d | -d) >>> 63) - 1;
    }

    /** RCB 2016 algorithm 7 (complete addition, a = 0) over Fp. */
    private static Fp[] add1(Fp[] p, Fp[] q) {
        Fp t0 = p[0].mul(q[0]);
        Fp t1 = p[1].mul(q[1]);
        Fp t2 = p[2].mul(q[2]);
        Fp t3 = p[0].add(p[1]).mul(q[0].add(q[1])).sub(t0.add(t1));
        Fp t4 = p[1].add(p[2]).mul(q[1].add(q[2])).sub(t1.add(t2));
        Fp y3 = p[0].add(p[2]).mul(q[0].add(q[2])).sub(t0.add(t2));
        t0 = t0.add(t0).add(t0);
        t2 = B3_G1.mul(t2);
        Fp z3 = t1.add(t2);
        t1 = t1.sub(t2);
        y3 = B3_G1.mul(y3);
        Fp x3 = t3.mul(t1).sub(t4.mul(y3));
        y3 = t1.mul(z3).add(y3.mul(t0));
        z3 = z3.mul(t4).add(t0.mul(t3));
        return new Fp[] {x3, y3, z3};
    }

    /** RCB 2016 algorithm 9 (complete doubling, a = 0) over Fp. */
    private static Fp[] dbl1(Fp[] p) {
        Fp t0 = p[1].sqr();
        Fp z3 = t0.dbl().dbl().dbl();
        Fp t1 = p[1].mul(p[2]);
        Fp t2 = B3_G1.mul(p[2].sqr());
        Fp x3 = t2.mul(z3);
        Fp y3 = t0.add(t2);
        z3 = t1.mul(z3);
        t2 = t2.dbl().add(t2);
        t0 = t0.sub(t2);
        y3 = x3.add(t0.mul(y3));
        x3 = t0.mul(p[0].mul(p[1])).dbl();
        return new Fp[] {x3, y3, z3};
    }

    /** RCB 2016 algorithm 7 (complete addition, a = 0) over Fp2. */
    private static Fp2[] add2(Fp2[] p, Fp2[] q) {
        Fp2 t0 = p[0].mul(q[0]);
        Fp2 t1 = p[1].mul(q[1]);
        Fp2 t2 = p[2].mul(q[2]);
        Fp2 t3 = p[0].add(p[1]).mul(q[0].add(q[1])).sub(t0.add(t1));
        Fp2 t4 = p[1].add(p[2]).mul(q[1].add(q[2])).sub(t1.add(t2));
        Fp2 y3 = p[0].add(p[2]).mul(q[0].add(q[2])).sub(t0.add(t2));
        t0 = t0.add(t0).add(t0);
        t2 = B3_G2.mul(t2);
        Fp2 z3 = t1.add(t2);
        t1 = t1.sub(t2);
        y3 = B3_G2.mul(y3);
        Fp2 x3 = t3.mul(t1).sub(t4.mul(y3));
        y3 = t1.mul(z3).add(y3.mul(t0));
        z3 = z3.mul(t4).add(t0.mul(t3));
        return new Fp2[] {x3, y3, z3};
    }

    /** RCB 2016 algorithm 9 (complete doubling, a = 0) over Fp2. */
    private static Fp2[] dbl2(Fp2[] p) {
        Fp2 t0 = p[1].sqr();
        Fp2 z3 = t0.dbl().dbl().dbl();
        Fp2 t1 = p[1].mul(p[2]);
        Fp2 t2 = B3_G2.mul(p[2].sqr());
        Fp2 x3 = t2.mul(z3);
        Fp2 y3 = t0.add(t2);
        z3 = t1.mul(z3);
        t2 = t2.dbl().add(t2);
        t0 = t0.sub(t2);
        y3 = x3.add(t0.mul(y3));
        x3 = t0.mul(p[0].mul(p[1])).dbl();
        return new Fp2[] {x3, y3, z3};
    }
}
