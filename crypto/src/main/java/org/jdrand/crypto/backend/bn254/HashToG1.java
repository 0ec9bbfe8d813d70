package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;
import java.util.function.Supplier;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * RFC 9380 hash_to_curve for BN254 G1 (random-oracle variant): expand_message_xmd, two field
 * elements of L = 48 bytes each, the Shallue-van de Woestijne map (§6.6.1, Z = 1) applied to
 * each and the images added; the cofactor is 1. drand's evmnet uses Keccak-256 as the XMD hash.
 */
final class HashToG1 {
    /** Bytes per field element: ceil((ceil(log2 p) + k) / 8) with k = 128. */
    private static final int L = 48;
    private static final Fp Z = Fp.ONE;
    // constants of §6.6.1 for A = 0, B = 3, Z = 1
    private static final Fp C1 = Z.sqr().mul(Z).add(G1.B); // g(Z) = 4
    private static final Fp C2 = Z.neg().mul(Fp.of(2).inverse()); // -Z/2
    private static final Fp C3; // sqrt(-g(Z)·3Z²), sgn0 = 0
    private static final Fp C4; // -4g(Z)/(3Z²)

    static {
        Fp threeZ2 = Z.sqr().mul(Fp.of(3));
        Fp c3 = C1.neg().mul(threeZ2).sqrt();
        C3 = c3.sgn0() == 0 ? c3 : c3.neg();
        C4 = C1.mul(Fp.of(4)).neg().mul(threeZ2.inverse());
    }

    private final Supplier<ExtendedDigest> digest;

    private HashToG1(Supplier<ExtendedDigest> digest) {
        this.digest = digest;
    }

    static HashToG1 keccak256() {
        return new HashToG1(() -> new KeccakDigest(256));
    }

    static HashToG1 sha256() {
        return new HashToG1(SHA256Digest::new);
    }

    G1 hash(byte[] msg, byte[] dst) {
        Fp[] u = hashToField(msg, dst, 2);
        return map(u[0]).add(map(u[1]));
    }

    /** RFC 9380 encode_to_curve (non-uniform): the map of one field element. */
    G1 encode(byte[] msg, byte[] dst) {
        return map(hashToField(msg, dst, 1)[0]);
    }

    Fp[] hashToField(byte[] msg, byte[] dst, int count) {
        byte[] uniform = ExpandMessageXmd.expand(digest.get(), msg, dst, count * L);
        Fp[] u = new Fp[count];
        for (int i = 0; i < count; i++) {
            byte[] chunk = new byte[L];
            System.arraycopy(uniform, i * L, chunk, 0, L);
            u[i] = Fp.of(new BigInteger(1, chunk));
        }
        return u;
    }

    /**
     * map_to_curve_svdw (RFC 9380 §6.6.1). The input is a hash of a public message, so this
     * takes the variable-time path: the first of x1, x2, x3 whose g(x) is square wins, its
     * square root found by the same exponentiation that tests it. The result equals the
     * straight-line version of appendix F.1 ({@link #mapStraightLine}, kept for the tests).
     */
    static G1 map(Fp u) {
        Fp tv1 = u.sqr().mul(C1);
        Fp tv2 = Fp.ONE.add(tv1);
        tv1 = Fp.ONE.sub(tv1);
        Fp tv3 = tv1.mul(tv2).inverseVarTime();
        Fp tv4 = u.mul(tv1).mul(tv3).mul(C3);
        Fp x = C2.sub(tv4);
        Fp y = g(x).sqrt();
        if (y == null) {
            x = C2.add(tv4);
            y = g(x).sqrt();
        }
        if (y == null) {
            x = tv2.sqr().mul(tv3).sqr().mul(C4).add(Z);
            y = g(x).sqrt(); // one of x1, x2, x3 always gives a square (RFC 9380 §6.6.1)
        }
        if (u.sgn0() != y.sgn0()) {
            y = y.neg();
        }
        return G1.affine(x, y);
    }

    /** map_to_curve_svdw as the straight-line sequence of RFC 9380 appendix F.1 (fixed operations). */
    static G1 mapStraightLine(Fp u) {
        Fp tv1 = u.sqr().mul(C1);
        Fp tv2 = Fp.ONE.add(tv1);
        tv1 = Fp.ONE.sub(tv1);
        Fp tv3 = tv1.mul(tv2).inverse();
        Fp tv4 = u.mul(tv1).mul(tv3).mul(C3);
        Fp x1 = C2.sub(tv4);
        boolean e1 = g(x1).isSquare();
        Fp x2 = C2.add(tv4);
        boolean e2 = g(x2).isSquare() & !e1;
        Fp x3 = tv2.sqr().mul(tv3).sqr().mul(C4).add(Z);
        Fp x = Fp.select(e1, x3, x1);
        x = Fp.select(e2, x, x2);
        Fp gx = g(x);
        Fp y = gx.sqrt();
        boolean e3 = u.sgn0() == y.sgn0();
        y = Fp.select(e3, y.neg(), y);
        return G1.affine(x, y);
    }

    private static Fp g(Fp x) {
        return x.sqr().mul(x).add(G1.B);
    }
}
