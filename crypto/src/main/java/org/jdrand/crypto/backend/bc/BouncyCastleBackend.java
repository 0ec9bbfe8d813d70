package org.jdrand.crypto.backend.bc;

import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;

/** Placeholder until the Bouncy Castle backend lands. */
public final class BouncyCastleBackend implements BlsBackend {
    public static final String NAME = "bouncycastle";

    public BouncyCastleBackend() {
        throw new UnsupportedOperationException("bouncycastle backend: not implemented yet");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Point decode(Group group, byte[] compressed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Point generator(Group group) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Point infinity(Group group) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Point hashToCurve(Group group, byte[] message, byte[] dst) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean pairingProductIsOne(List<Point> g1Points, List<Point> g2Points) {
        throw new UnsupportedOperationException();
    }
}
