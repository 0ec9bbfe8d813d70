package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Point;

/**
 * Feldman commitments C₀…C_{t−1} of a polynomial (kyber share.PubPoly): evaluation at
 * x = index + 1 gives a node's public share, C₀ is the committed secret (the group key for the
 * DKG result).
 */
public final class PublicPolynomial {
    private final BlsBackend backend;
    private final List<Point> commits;

    public PublicPolynomial(BlsBackend backend, List<Point> commits) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (commits.isEmpty()) {
            throw new IllegalArgumentException("public polynomial: no commitments");
        }
        this.commits = List.copyOf(commits);
    }

    public List<Point> commits() {
        return commits;
    }

    public int threshold() {
        return commits.size();
    }

    /** C₀. */
    public Point commit() {
        return commits.get(0);
    }

    /**
     * Σ Cₖ·(index+1)ᵏ, by Horner's rule. x is small, so each step multiplies by double-and-add
     * (a few point additions) instead of a full 255-bit multiplication: about 10x faster.
     * Commitments are public, so variable time is fine here.
     */
    public Point eval(int index) {
        long x = Integer.toUnsignedLong(index) + 1;
        Point acc = commits.get(commits.size() - 1);
        for (int k = commits.size() - 2; k >= 0; k--) {
            acc = multiplySmall(acc, x).add(commits.get(k));
        }
        return acc;
    }

    /** k·p for a small positive k, by double-and-add. */
    static Point multiplySmall(Point p, long k) {
        Point acc = p;
        for (int bit = 62 - Long.numberOfLeadingZeros(k); bit >= 0; bit--) {
            acc = acc.add(acc);
            if ((k >>> bit & 1) == 1) {
                acc = acc.add(p);
            }
        }
        return acc;
    }

    /** Coefficient-wise sum; both polynomials must have the same length. */
    public PublicPolynomial add(PublicPolynomial other) {
        if (other.commits.size() != commits.size()) {
            throw new IllegalArgumentException("public polynomial: adding " + other.commits.size()
                    + " commitments to " + commits.size());
        }
        List<Point> sum = new ArrayList<>(commits.size());
        for (int k = 0; k < commits.size(); k++) {
            sum.add(commits.get(k).add(other.commits.get(k)));
        }
        return new PublicPolynomial(backend, sum);
    }

    BlsBackend backend() {
        return backend;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicPolynomial p && p.commits.equals(commits);
    }

    @Override
    public int hashCode() {
        return commits.hashCode();
    }

    @Override
    public String toString() {
        return "PublicPolynomial[t=" + commits.size() + ", C0=" + org.jdrand.crypto.Hex.shortHex(commit().toBytes()) + "]";
    }
}
