package org.jdrand.crypto;

/**
 * A validated point of G1 or G2 of BLS12-381, made by a {@link BlsBackend}. Immutable: every
 * operation returns a new point. Equality is by compressed encoding (and group). Points of
 * different backends must not be mixed.
 */
public interface Point {
    Group group();

    /** ZCash-compressed encoding (48 or 96 bytes), a fresh copy. */
    byte[] toBytes();

    Point add(Point other);

    Point negate();

    Point multiply(Scalar scalar);

    boolean isInfinity();
}
