package org.jdrand.crypto.tbls;

import java.util.Objects;
import org.jdrand.crypto.Scalar;

/**
 * A node's secret share of the group key: f(index + 1) for the 0-based share index of the group
 * file. Never printed.
 */
public record PriShare(int index, Scalar value) {
    public PriShare {
        PartialSignature.checkIndex(index);
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "PriShare[index=" + index + ", redacted]";
    }
}
