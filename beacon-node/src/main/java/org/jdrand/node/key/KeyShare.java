package org.jdrand.node.key;

import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * A node's share of the distributed key (drand key.Share, file {@code dist_key.private}): its
 * 0-based index, secret share and the public polynomial's commitments. Never prints the share.
 */
public final class KeyShare {
    private final int index;
    private final Scalar share;
    private final List<Point> commits;
    private final Scheme scheme;

    public KeyShare(int index, Scalar share, List<Point> commits, Scheme scheme) {
        this.share = Objects.requireNonNull(share, "share");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        if (index < 0) {
            throw new IllegalArgumentException("share: index " + index + " (expected >= 0)");
        }
        if (commits == null || commits.isEmpty()) {
            throw new IllegalArgumentException("share " + index + ": no commitments (expected threshold many)");
        }
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i).group() != scheme.keyGroup()) {
                throw new IllegalArgumentException("share " + index + ": commitment " + i + " in " + commits.get(i).group()
                        + " (expected " + scheme.keyGroup() + ")");
            }
        }
        this.index = index;
        this.commits = List.copyOf(commits);
    }

    public int index() {
        return index;
    }

    public Scalar share() {
        return share;
    }

    public List<Point> commits() {
        return commits;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** C₀, the group public key. */
    public Point publicKey() {
        return commits.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyShare s && s.index == index && s.share.equals(share) && s.commits.equals(commits)
                && s.scheme.equals(scheme);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, commits);
    }

    @Override
    public String toString() {
        return "KeyShare[index=" + index + ", redacted]";
    }
}
