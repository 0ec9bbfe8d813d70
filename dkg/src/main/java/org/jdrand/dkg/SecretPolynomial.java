package org.jdrand.dkg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/** A dealer's secret polynomial f of degree t−1 (kyber share.PriPoly); never printed. */
final class SecretPolynomial {
    private final List<Scalar> coefficients;

    private SecretPolynomial(List<Scalar> coefficients) {
        this.coefficients = List.copyOf(coefficients);
    }

    /** f(0) = secret, the other t−1 coefficients uniformly random. */
    static SecretPolynomial random(Scalar secret, int threshold, SecureRandom random) {
        List<Scalar> c = new ArrayList<>(threshold);
        c.add(secret);
        for (int i = 1; i < threshold; i++) {
            c.add(Scalar.random(random));
        }
        return new SecretPolynomial(c);
    }

    /** The share of node {@code index}: f(index + 1), Horner's rule. */
    Scalar share(int index) {
        Scalar x = Scalar.of(Integer.toUnsignedLong(index) + 1);
        Scalar acc = Scalar.ZERO;
        for (int k = coefficients.size() - 1; k >= 0; k--) {
            acc = acc.multiply(x).add(coefficients.get(k));
        }
        return acc;
    }

    /** Feldman commitments aₖ·G. */
    List<Point> commit(Point base) {
        List<Point> out = new ArrayList<>(coefficients.size());
        for (Scalar a : coefficients) {
            out.add(base.multiply(a));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "SecretPolynomial[degree=" + (coefficients.size() - 1) + ", redacted]";
    }
}
