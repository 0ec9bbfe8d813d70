package org.jdrand.crypto.tbls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * A secret polynomial f of degree threshold − 1 (kyber share.PriPoly). Share i is f(i + 1);
 * the secret is f(0). Coefficients are scalars of one order, that of the scheme's groups
 * (BLS12-381's or BN254's r), and so are its shares. Never printed.
 */
public final class PriPoly {
    private final List<Scalar> coefficients;

    /** Coefficients from the constant term (the secret) up. */
    public PriPoly(List<Scalar> coefficients) {
        if (coefficients.isEmpty()) {
            throw new IllegalArgumentException("private polynomial: no coefficients (threshold must be ≥ 1)");
        }
        for (Scalar c : coefficients) {
            if (!c.order().equals(coefficients.get(0).order())) {
                throw new IllegalArgumentException("private polynomial: coefficients of different orders (expected one scheme's)");
            }
        }
        this.coefficients = List.copyOf(coefficients);
    }

    /** A polynomial with {@code threshold} uniformly random coefficients mod BLS12-381's r. */
    public static PriPoly random(int threshold, SecureRandom random) {
        return random(threshold, random, Scalar.ORDER);
    }

    /** A polynomial with {@code threshold} uniformly random coefficients mod {@code order}. */
    public static PriPoly random(int threshold, SecureRandom random, java.math.BigInteger order) {
        return withSecret(Scalar.random(random, order), threshold, random);
    }

    /** A polynomial whose constant term is {@code secret}, the others random of the secret's order. */
    public static PriPoly withSecret(Scalar secret, int threshold, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        if (threshold < 1) {
            throw new IllegalArgumentException("private polynomial: threshold " + threshold + " (expected ≥ 1)");
        }
        List<Scalar> c = new ArrayList<>(threshold);
        c.add(secret);
        for (int i = 1; i < threshold; i++) {
            c.add(Scalar.random(random, secret.order()));
        }
        return new PriPoly(c);
    }

    public int threshold() {
        return coefficients.size();
    }

    /** f(0). */
    public Scalar secret() {
        return coefficients.get(0);
    }

    /** The order of the coefficients: that of the scheme's groups. */
    public java.math.BigInteger order() {
        return coefficients.get(0).order();
    }

    public List<Scalar> coefficients() {
        return coefficients;
    }

    /** The share of a 0-based index: f(index + 1) by Horner's rule. */
    public PriShare share(int index) {
        PartialSignature.checkIndex(index);
        return new PriShare(index, evaluate(Scalar.of(index + 1L, order())));
    }

    /** f(x) for an arbitrary x. */
    public Scalar evaluate(Scalar x) {
        Scalar acc = coefficients.get(coefficients.size() - 1);
        for (int k = coefficients.size() - 2; k >= 0; k--) {
            acc = acc.multiply(x).add(coefficients.get(k));
        }
        return acc;
    }

    /** The shares of indices 0 … n − 1. */
    public List<PriShare> shares(int n) {
        List<PriShare> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(share(i));
        }
        return out;
    }

    /** The public polynomial: Cₖ = aₖ·g in {@code group}. */
    public PubPoly commit(BlsBackend backend, Group group) {
        Point g = backend.generator(group);
        List<Point> commits = new ArrayList<>(coefficients.size());
        for (Scalar a : coefficients) {
            commits.add(g.multiply(a));
        }
        return new PubPoly(commits);
    }

    /** The sum of two polynomials of the same threshold (used by DKGs). */
    public PriPoly add(PriPoly other) {
        if (other.threshold() != threshold()) {
            throw new IllegalArgumentException("private polynomial: threshold " + other.threshold() + " (expected " + threshold() + ")");
        }
        List<Scalar> c = new ArrayList<>(threshold());
        for (int i = 0; i < threshold(); i++) {
            c.add(coefficients.get(i).add(other.coefficients.get(i)));
        }
        return new PriPoly(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriPoly p && p.coefficients.equals(coefficients);
    }

    @Override
    public int hashCode() {
        return coefficients.hashCode();
    }

    @Override
    public String toString() {
        return "PriPoly[threshold=" + threshold() + ", redacted]";
    }
}
