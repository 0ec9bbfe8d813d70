package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;

/**
 * An RFC 9380 hash to a curve group cut before clear_cofactor ({@link MapToG1}, {@link MapToG2}):
 * Q with H(m) = h_eff·Q, held as blst Jacobian limbs, so that a batch clears the cofactor once on
 * its weighted sum (clearing is a group homomorphism).
 */
sealed interface DeferredMap permits MapToG1, MapToG2 {
    /** Longer DSTs are hashed first (RFC 9380 §5.3.3): not done here, callers use blst's complete hash. */
    int MAX_DST = 255;

    Group group();

    /** Q for {@code message}: blst Jacobian limbs (a blst_p1 or blst_p2). */
    long[] hashUncleared(byte[] message, byte[] dst);

    /** h_eff·Q = H(m). */
    Point clear(long[] q);

    /** h_eff·Σ weightsᵢ·Qᵢ = Σ weightsᵢ·H(mᵢ). */
    Point sumCleared(List<long[]> qs, BigInteger[] weights);
}
