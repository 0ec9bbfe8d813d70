package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;

/** Parameters of BN254 (alt_bn128) shared by the field, curve and pairing code. */
final class Bn254Constants {
    /** The prime order r of G1, G2 and GT. */
    static final BigInteger R =
            new BigInteger("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16);
    /** The BN parameter x (p = 36x⁴ + 36x³ + 24x² + 6x + 1). */
    static final long X = 4965661367192848881L;

    private Bn254Constants() {}
}
