package org.jdrand.crypto;

import java.util.Objects;

/**
 * A point decoded with every check of {@link BlsBackend#decode} except, possibly, the subgroup
 * one, so that a batch can leave that check to {@link BlsBackend#subgroupChecked}, which may
 * check many points at once. Deliberately not a {@link Point}: nothing can be computed with it
 * before that check. Immutable; only the backend that made it can check it cheaply.
 */
public interface CurvePoint {
    Group group();

    /** True for the point at infinity (which lies in every subgroup). */
    boolean isInfinity();

    /** A point already fully checked. */
    static CurvePoint checked(Point point) {
        return new Checked(Objects.requireNonNull(point, "point"));
    }

    /** The default: nothing deferred. */
    record Checked(Point point) implements CurvePoint {
        @Override
        public Group group() {
            return point.group();
        }

        @Override
        public boolean isInfinity() {
            return point.isInfinity();
        }
    }
}
