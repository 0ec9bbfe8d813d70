package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;

/**
 * A point of BN254's G2 (y² = x³ + 3 over Fp2, prime order r, cofactor 1) in Jacobian
 * coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity. Immutable.
 */
final class G2 {
    static final Fp2 B = new Fp2(Fp.of(3), Fp.ZERO).mul(Fp2.XI.inverse());
    static final G2 INFINITY = new G2(Fp2.ONE, Fp2.ONE, Fp2.ZERO);
    /** The generator of EIP-197 and kyber. */
    static final G2 GENERATOR = new G2(
            Fp2.of(new BigInteger("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
                    new BigInteger("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
            Fp2.of(new BigInteger("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
                    new BigInteger("4082367875863433681332203403145435568316851327593401208105741076214120093531")),
            Fp2.ONE);
    private static final BigInteger ORDER = Bn254Constants.R;

    final Fp2 x;
    final Fp2 y;
    final Fp2 z;

    G2(Fp2 x, Fp2 y, Fp2 z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    static G2 affine(Fp2 x, Fp2 y) {
        return new G2(x, y, Fp2.ONE);
    }

    static boolean isOnCurve(Fp2 x, Fp2 y) {
        return y.sqr().equals(x.sqr().mul(x).add(B));
    }

    boolean isInfinity() {
        return z.isZero();
    }

    /** Affine coordinates {x, y}; not for the point at infinity. */
    Fp2[] toAffine() {
        Fp2 zi = z.inverse();
        Fp2 zi2 = zi.sqr();
        return new Fp2[] {x.mul(zi2), y.mul(zi2).mul(zi)};
    }

    G2 normalize() {
        if (isInfinity()) {
            return INFINITY;
        }
        Fp2[] a = toAffine();
        return affine(a[0], a[1]);
    }

    G2 neg() {
        return new G2(x, y.neg(), z);
    }

    G2 dbl() {
        if (isInfinity()) {
            return this;
        }
        Fp2 a = x.sqr();
        Fp2 b = y.sqr();
        Fp2 c = b.sqr();
        Fp2 d = x.add(b).sqr().sub(a).sub(c).dbl();
        Fp2 e = a.dbl().add(a);
        Fp2 f = e.sqr();
        Fp2 x3 = f.sub(d.dbl());
        Fp2 y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fp2 z3 = y.mul(z).dbl();
        return new G2(x3, y3, z3);
    }

    G2 add(G2 o) {
        if (isInfinity()) {
            return o;
        }
        if (o.isInfinity()) {
            return this;
        }
        Fp2 z1z1 = z.sqr();
        Fp2 z2z2 = o.z.sqr();
        Fp2 u1 = x.mul(z2z2);
        Fp2 u2 = o.x.mul(z1z1);
        Fp2 s1 = y.mul(o.z).mul(z2z2);
        Fp2 s2 = o.y.mul(z).mul(z1z1);
        Fp2 h = u2.sub(u1);
        Fp2 r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp2 i = h.dbl().sqr();
        Fp2 j = h.mul(i);
        Fp2 v = u1.mul(i);
        Fp2 x3 = r.sqr().sub(j).sub(v.dbl());
        Fp2 y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fp2 z3 = z.add(o.z).sqr().sub(z1z1).sub(z2z2).mul(h);
        return new G2(x3, y3, z3);
    }

    /** k·this for a public non-negative k (variable time). */
    G2 mulPublic(BigInteger k) {
        G2 acc = INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (k.testBit(i)) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    /** Membership in the order-r subgroup: r·this is the point at infinity. */
    boolean isInSubgroup() {
        return mulPublic(ORDER).isInfinity();
    }

    /**
     * k·this for a secret k given as 32 bytes big-endian (any value; the multiple is taken mod r),
     * in constant time with respect to k: see {@link SecretMul}.
     */
    G2 mulSecret(byte[] k) {
        return SecretMul.g2(this, k);
    }

    /** Equality as projective points: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³. */
    boolean sameAs(G2 o) {
        if (isInfinity() || o.isInfinity()) {
            return isInfinity() == o.isInfinity();
        }
        Fp2 z1z1 = z.sqr();
        Fp2 z2z2 = o.z.sqr();
        return x.mul(z2z2).equals(o.x.mul(z1z1)) && y.mul(z2z2).mul(o.z).equals(o.y.mul(z1z1).mul(z));
    }
}
