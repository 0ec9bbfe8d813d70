package org.jdrand.crypto.tbls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * The public polynomial (kyber share.PubPoly): commitments C₀…C_{t−1} in the key group; C₀ is the
 * group public key. Node i's public share is Σ Cₖ·(i + 1)ᵏ. Evaluations are memoised because the
 * same few indices are evaluated every round.
 */
public final class PubPoly {
    private final List<Point> commits;
    private final Map<Integer, Point> evaluations = new ConcurrentHashMap<>();

    public PubPoly(List<Point> commits) {
        if (commits == null || commits.isEmpty()) {
            throw new IllegalArgumentException("public polynomial: no commitments");
        }
        Group g = commits.get(0).group();
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i).group() != g) {
                throw new IllegalArgumentException("public polynomial: commitment " + i + " in " + commits.get(i).group() + " (expected " + g + ")");
            }
        }
        this.commits = List.copyOf(commits);
    }

    public Group group() {
        return commits.get(0).group();
    }

    public int threshold() {
        return commits.size();
    }

    /** C₀, the group public key. */
    public Point commit() {
        return commits.get(0);
    }

    public List<Point> commits() {
        return commits;
    }

    /**
     * The public share of a 0-based index: P(index + 1), by Horner's rule. x is small, so each
     * step multiplies by double-and-add (a few additions instead of a 255-bit multiplication);
     * commitments are public, so variable time is fine.
     */
    public Point eval(int index) {
        PartialSignature.checkIndex(index);
        return evaluations.computeIfAbsent(index, i -> {
            long x = i + 1L;
            Point acc = commits.get(commits.size() - 1);
            for (int k = commits.size() - 2; k >= 0; k--) {
                acc = multiplySmall(acc, x).add(commits.get(k));
            }
            return acc;
        });
    }

    /** k·p for a small positive k, by double-and-add (variable time: public values only). */
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

    /** Coefficient-wise sum (a DKG's group polynomial is the sum of the qualified dealers'). */
    public PubPoly add(PubPoly other) {
        if (other.commits.size() != commits.size()) {
            throw new IllegalArgumentException("public polynomial: adding " + other.commits.size()
                    + " commitments to " + commits.size() + " (expected the same threshold)");
        }
        List<Point> sum = new java.util.ArrayList<>(commits.size());
        for (int k = 0; k < commits.size(); k++) {
            sum.add(commits.get(k).add(other.commits.get(k)));
        }
        return new PubPoly(sum);
    }

    /**
     * The same as {@link #eval(int)}, with the backend's variable-time multiplication by the
     * small public x = index + 1 (a few bits instead of 255 per Horner step).
     */
    public Point eval(BlsBackend backend, int index) {
        PartialSignature.checkIndex(index);
        return evaluations.computeIfAbsent(index, i -> {
            Scalar x = Scalar.of(i + 1L);
            Point acc = commits.get(commits.size() - 1);
            for (int k = commits.size() - 2; k >= 0; k--) {
                acc = backend.multiScalarMultiply(List.of(acc), List.of(x)).add(commits.get(k));
            }
            return acc;
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PubPoly p && p.commits.equals(commits);
    }

    @Override
    public int hashCode() {
        return commits.hashCode();
    }

    @Override
    public String toString() {
        return "PubPoly[threshold=" + threshold() + ", key=" + commit() + "]";
    }
}
