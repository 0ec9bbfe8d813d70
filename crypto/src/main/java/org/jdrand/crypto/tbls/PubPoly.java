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

    /** The public share of a 0-based index: P(index + 1), by Horner's rule. */
    public Point eval(int index) {
        PartialSignature.checkIndex(index);
        return evaluations.computeIfAbsent(index, i -> horner(Scalar.of(i + 1L)));
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

    private Point horner(Scalar x) {
        Point acc = commits.get(commits.size() - 1);
        for (int k = commits.size() - 2; k >= 0; k--) {
            acc = acc.multiply(x).add(commits.get(k));
        }
        return acc;
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
