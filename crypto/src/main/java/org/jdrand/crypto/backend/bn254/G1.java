package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;

/**
 * A point of BN254's G1 (y² = x³ + 3 over Fp, prime order r, cofactor 1) in Jacobian
 * coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity. Immutable.
 */
final class G1 {
    static final Fp B = Fp.of(3);
    static final G1 INFINITY = new G1(Fp.ONE, Fp.ONE, Fp.ZERO);
    static final G1 GENERATOR = new G1(Fp.ONE, Fp.of(2), Fp.ONE);

    final Fp x;
    final Fp y;
    final Fp z;

    G1(Fp x, Fp y, Fp z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    static G1 affine(Fp x, Fp y) {
        return new G1(x, y, Fp.ONE);
    }

    static boolean isOnCurve(Fp x, Fp y) {
        return y.sqr().equals(x.sqr().mul(x).add(B));
    }

    boolean isInfinity() {
        return z.isZero();
    }

    /** Affine coordinates {x, y}; not for the point at infinity. */
    Fp[] toAffine() {
        Fp zi = z.inverse();
        Fp zi2 = zi.sqr();
        return new Fp[] {x.mul(zi2), y.mul(zi2).mul(zi)};
    }

    /**
     * Affine coordinates of a public point (pairing inputs): no inversion when Z is already 1,
     * else a variable-time one. Not for the point at infinity.
     */
    Fp[] toAffinePublic() {
        if (z.equals(Fp.ONE)) {
            return new Fp[] {x, y};
        }
        Fp zi = z.inverseVarTime();
        Fp zi2 = zi.sqr();
        return new Fp[] {x.mul(zi2), y.mul(zi2).mul(zi)};
    }

    G1 normalize() {
        if (isInfinity()) {
            return INFINITY;
        }
        Fp[] a = toAffine();
        return affine(a[0], a[1]);
    }

    G1 neg() {
        return new G1(x, y.neg(), z);
    }

    G1 dbl() {
        if (isInfinity()) {
            return this;
        }
        Fp a = x.sqr();
        Fp b = y.sqr();
        Fp c = b.sqr();
        Fp d = x.add(b).sqr().sub(a).sub(c).dbl();
        Fp e = a.dbl().add(a);
        Fp f = e.sqr();
        Fp x3 = f.sub(d.dbl());
        Fp y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fp z3 = y.mul(z).dbl();
        return new G1(x3, y3, z3);
    }

    G1 add(G1 o) {
        if (isInfinity()) {
            return o;
        }
        if (o.isInfinity()) {
            return this;
        }
        Fp z1z1 = z.sqr();
        Fp z2z2 = o.z.sqr();
        Fp u1 = x.mul(z2z2);
        Fp u2 = o.x.mul(z1z1);
        Fp s1 = y.mul(o.z).mul(z2z2);
        Fp s2 = o.y.mul(z).mul(z1z1);
        Fp h = u2.sub(u1);
        Fp r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp i = h.dbl().sqr();
        Fp j = h.mul(i);
        Fp v = u1.mul(i);
        Fp x3 = r.sqr().sub(j).sub(v.dbl());
        Fp y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fp z3 = z.add(o.z).sqr().sub(z1z1).sub(z2z2).mul(h);
        return new G1(x3, y3, z3);
    }

    /** k·this for a public non-negative k (variable time). */
    G1 mulPublic(BigInteger k) {
        G1 acc = INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (k.testBit(i)) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    /**
     * k·this for a secret k given as 32 bytes big-endian (any value; the multiple is taken mod r),
     * in constant time with respect to k: see {@link SecretMul}.
     */
    G1 mulSecret(byte[] k) {
        return SecretMul.g1(this, k);
    }

    /** Equality as projective points: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³. */
    boolean sameAs(G1 o) {
        if (isInfinity() || o.isInfinity()) {
            return isInfinity() == o.isInfinity();
        }
        Fp z1z1 = z.sqr();
        Fp z2z2 = o.z.sqr();
        return x.mul(z2z2).equals(o.x.mul(z1z1)) && y.mul(z2z2).mul(o.z).equals(o.y.mul(z1z1).mul(z));
    }
}
