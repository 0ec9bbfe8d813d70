package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.junit.jupiter.api.Test;

/** BN254's GT as timelock on evmnet hashes it: kyber's pairing value and byte order, and the power by r. */
class Bn254GtTest {
    private static final Bn254Backend BN = new Bn254Backend();
    private static final Point G1_GEN = BN.generator(Group.G1);
    private static final Point G2_GEN = BN.generator(Group.G2);

    /**
     * e(g1, g2) for g1 = (1, 2) and kyber's twistGen, as the constant {@code gfP12Gen} that Go
     * libraries of kyber's lineage (cloudflare/bn256 ported to the alt_bn128 curve, the code kyber
     * {@code pairing/bn254} forked) hard-code in their {@code gfp12.go}: the twelve gfP of
     * x.x.x, x.x.y, x.y.x, … y.z.y in that order (kyber's MarshalBinary order), each four 64-bit
     * little-endian limbs in Montgomery form (R = 2^256). Found through code search; kyber itself
     * only computes it (its {@code baseGT}). Converting each to a plain integer and concatenating
     * them big-endian must give {@link Bn254Gt#toBytes()}: the pairing (Miller loop, final
     * exponentiation) and the serialisation order are both kyber's.
     */
    private static final long[][] GFP12_GEN_MONTGOMERY = {
        {0xD34BAB373157AA84L, 0x3511ED44FD0D8598L, 0x67E42A0BC2CED972L, 0x2B8F1D5DFD20C55BL},
        {0x988AE2485B36CF53L, 0x5091CC0581334E54L, 0xDA7903229312CA0FL, 0x2A2341538EAEE95CL},
        {0x7002907C28EBFE11L, 0x7B0591D3D080DA67L, 0xDE7E5AA2181F138EL, 0x210E437DFC43D951L},
        {0x8975B68A2BAB1F9CL, 0x2FDD826B796E0F35L, 0x6A90A35FA03DFAA5L, 0x1FFEF4581607FC37L},
        {0x9458ABCB56D24998L, 0xB17540BD2A9E5ADBL, 0x9A9983C82E401A9FL, 0x1614817A84C16291L},
        {0x1BB0CE0DEF1B82A1L, 0x4C4C9FE1CADEFA95L, 0x746D9990CB12B27EL, 0x13495C08E5D415C5L},
        {0xF16C96D081754CDBL, 0xCE0394312BCEEB55L, 0x644E4DCF1F01FF0AL, 0x0CBEA85EE0B236CCL},
        {0x5CF9CC917DA86724L, 0xC799DC487A0B2753L, 0x0DF2027BF1DE17A7L, 0x197CDA6CC3E20636L},
        {0x172D1F257A4D598EL, 0xDDF5BC7B7FFB5AC0L, 0xAE0B22C0BBB0F602L, 0x1B158F3C2FAE9B18L},
        {0x2306E4312363B991L, 0x465F6072D4023BF4L, 0xA2FF062A4A77E736L, 0x076EA6F18435864AL},
        {0x2E02A64ACBD60549L, 0xD618018EA58E4ADDL, 0x14D585F1A45BA647L, 0x1832226987C434FCL},
        {0xC556F62B2A98671DL, 0x23A59AC167BCF363L, 0x5EF208445F5F6F37L, 0x12ADF27CCB29382AL},
    };

    @Test
    void pairingOfTheGeneratorsIsKyberGtBaseInKyberByteOrder() {
        BigInteger rInv = BigInteger.ONE.shiftLeft(256).mod(Fp.P).modInverse(Fp.P);
        byte[] expected = new byte[Bn254Gt.BYTES];
        for (int k = 0; k < 12; k++) {
            BigInteger mont = BigInteger.ZERO;
            for (int l = 3; l >= 0; l--) {
                mont = mont.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(GFP12_GEN_MONTGOMERY[k][l])));
            }
            byte[] c = mont.multiply(rInv).mod(Fp.P).toByteArray();
            int n = Math.min(c.length, 32);
            System.arraycopy(c, c.length - n, expected, 32 * k + 32 - n, n);
        }
        Bn254Gt base = Bn254Gt.pair(G1_GEN, G2_GEN);
        assertThat(base.toBytes()).hasSize(384).isEqualTo(expected);
        assertThat(base.isOne()).isFalse();
    }

    /** Bilinearity and the fixed-sequence power: e(a·g1, g2)^b = e(g1, b·g2)^a = e(g1, g2)^(ab). */
    @Test
    void powerAgreesWithBilinearity() {
        SecureRandom random = new SecureRandom();
        BigInteger r = Bn254Backend.ORDER;
        BigInteger a = new BigInteger(300, random).mod(r);
        BigInteger b = new BigInteger(300, random).mod(r);
        Bn254Gt base = Bn254Gt.pair(G1_GEN, G2_GEN);
        Bn254Gt lhs = Bn254Gt.pair(G1_GEN.multiply(Scalar.of(a)), G2_GEN).pow(b);
        assertThat(lhs).isEqualTo(Bn254Gt.pair(G1_GEN, G2_GEN.multiply(Scalar.of(b))).pow(a));
        assertThat(lhs).isEqualTo(base.pow(a.multiply(b).mod(r)));
        assertThat(lhs.toBytes()).isEqualTo(Bn254Gt.pair(G1_GEN.multiply(Scalar.of(a)), G2_GEN.multiply(Scalar.of(b))).toBytes());
        assertThat(base.pow(BigInteger.ONE)).isEqualTo(base);
        assertThat(base.pow(BigInteger.ZERO).isOne()).isTrue();
        assertThat(base.pow(r.subtract(BigInteger.ONE)).toBytes()).isNotEqualTo(base.toBytes());
    }

    @Test
    void infinityPairsToOneAndForeignPointsAreRejected() {
        assertThat(Bn254Gt.pair(BN.infinity(Group.G1), G2_GEN).isOne()).isTrue();
        assertThat(Bn254Gt.pair(G1_GEN, BN.infinity(Group.G2)).isOne()).isTrue();
        byte[] one = new byte[Bn254Gt.BYTES];
        one[Bn254Gt.BYTES - 1] = 1; // c0.c0.c0 = 1 comes last
        assertThat(Bn254Gt.pair(BN.infinity(Group.G1), G2_GEN).toBytes()).isEqualTo(one);
        assertThatThrownBy(() -> Bn254Gt.pair(G2_GEN, G1_GEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bn254 pairing: expected a bn254 G1 and a bn254 G2 point");
        Point bls = BlsBackends.bouncyCastle().generator(Group.G1);
        assertThatThrownBy(() -> Bn254Gt.pair(bls, G2_GEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bn254Gt.pair(G1_GEN, G2_GEN).pow(Bn254Backend.ORDER))
                .hasMessage("bn254 gt: exponent not in [0, r)");
        assertThat(Bn254Gt.pair(G1_GEN, G2_GEN).toString()).doesNotContain(
                org.jdrand.crypto.Hex.encode(Arrays.copyOf(Bn254Gt.pair(G1_GEN, G2_GEN).toBytes(), 16)));
    }
}
