package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.InvalidBeaconException;

/** Bilinearity, scalar multiplication, and every malformed encoding rejected with a clear message. */
class Bn254Properties {
    private static final BigInteger R = Bn254Constants.R;
    private static final BlsBackend BN = new Bn254Backend();
    private static final Scheme EVMNET = Scheme.BLS_BN254_UNCHAINED_ON_G1;

    private static BigInteger scalar(long seed) {
        return new BigInteger(256, new Random(seed)).mod(R.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    @Property(tries = 6)
    void pairingIsBilinear(@ForAll long seedA, @ForAll long seedB) {
        BigInteger a = scalar(seedA);
        BigInteger b = scalar(seedB);
        Fp12 lhs = Pairing.pair(G1.GENERATOR.mulPublic(a), G2.GENERATOR.mulPublic(b));
        assertThat(lhs).isEqualTo(Pairing.pair(G1.GENERATOR, G2.GENERATOR).pow(a.multiply(b).mod(R)));
        // and as a product check: e(aP, bQ)·e(-abP, Q) = 1
        assertThat(Pairing.productIsOne(List.of(G1.GENERATOR.mulPublic(a), G1.GENERATOR.mulPublic(a.multiply(b).mod(R)).neg()),
                List.of(G2.GENERATOR.mulPublic(b), G2.GENERATOR))).isTrue();
        assertThat(Pairing.productIsOne(List.of(G1.GENERATOR.mulPublic(a), G1.GENERATOR.neg()),
                List.of(G2.GENERATOR.mulPublic(b), G2.GENERATOR))).isEqualTo(a.multiply(b).mod(R).equals(BigInteger.ONE));
    }

    @Property(tries = 20)
    void secretAndPublicMultiplicationAgree(@ForAll long seed) {
        BigInteger k = scalar(seed);
        // a base with Z != 1 (Jacobian) as well as the affine generator
        G1 p = G1.GENERATOR.mulPublic(scalar(seed + 1));
        G2 q = G2.GENERATOR.mulPublic(scalar(seed + 1));
        assertThat(G1.GENERATOR.mulSecret(be32(k)).sameAs(G1.GENERATOR.mulPublic(k))).isTrue();
        assertThat(G2.GENERATOR.mulSecret(be32(k)).sameAs(G2.GENERATOR.mulPublic(k))).isTrue();
        assertThat(p.mulSecret(be32(k)).sameAs(p.mulPublic(k))).isTrue();
        assertThat(q.mulSecret(be32(k)).sameAs(q.mulPublic(k))).isTrue();
        assertThat(G1.GENERATOR.mulSecret(be32(k)).add(G1.GENERATOR.mulSecret(be32(R.subtract(k)))).isInfinity()).isTrue();
        // scalars at and above r (a BLS12-381 Scalar may hold them) act mod r
        assertThat(G1.GENERATOR.mulSecret(be32(k.add(R))).sameAs(G1.GENERATOR.mulPublic(k))).isTrue();
        assertThat(q.mulSecret(be32(k.add(R.multiply(BigInteger.valueOf(3))))).sameAs(q.mulPublic(k))).isTrue();
    }

    @org.junit.jupiter.api.Test
    void secretMultiplicationEdgeScalars() {
        G1 p = G1.GENERATOR.mulPublic(BigInteger.valueOf(77));
        G2 q = G2.GENERATOR.mulPublic(BigInteger.valueOf(77));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        for (BigInteger k : List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(15), BigInteger.valueOf(16),
                R.subtract(BigInteger.ONE), R, R.add(BigInteger.ONE), max)) {
            assertThat(p.mulSecret(be32(k)).sameAs(p.mulPublic(k.mod(R)))).as("G1 k=%s", k.toString(16)).isTrue();
            assertThat(q.mulSecret(be32(k)).sameAs(q.mulPublic(k.mod(R)))).as("G2 k=%s", k.toString(16)).isTrue();
        }
        assertThat(G1.INFINITY.mulSecret(be32(BigInteger.valueOf(5))).isInfinity()).isTrue();
        assertThat(G2.INFINITY.mulSecret(be32(BigInteger.valueOf(5))).isInfinity()).isTrue();
        assertThat(p.mulSecret(be32(BigInteger.ZERO)).isInfinity()).isTrue();
        assertThat(p.mulSecret(be32(R)).isInfinity()).isTrue();
        assertThatThrownBy(() -> p.mulSecret(new byte[31])).hasMessageContaining("length 31 (expected 32)");
    }

    /** k (below 2^256) as 32 bytes big-endian. */
    private static byte[] be32(BigInteger k) {
        byte[] raw = k.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    @Property(tries = 20)
    void encodingsRoundTrip(@ForAll long seed) {
        BigInteger k = scalar(seed);
        G1 p = G1.GENERATOR.mulPublic(k);
        G2 q = G2.GENERATOR.mulPublic(k);
        assertThat(Bn254Encoding.decodeG1(Bn254Encoding.encode(p)).sameAs(p)).isTrue();
        assertThat(Bn254Encoding.decodeG2(Bn254Encoding.encode(q)).sameAs(q)).isTrue();
        Point bp = BN.decode(Group.G1, Bn254Encoding.encode(p));
        assertThat(bp.toBytes()).hasSize(64).isEqualTo(Bn254Encoding.encode(p));
        assertThat(BN.decode(Group.G2, bp.isInfinity() ? new byte[128] : Bn254Encoding.encode(q)).toBytes()).hasSize(128);
    }

    @Property(tries = 40)
    void wrongLengthsAreRejected(@ForAll @IntRange(max = 300) int length) {
        byte[] b = new byte[length];
        if (length != 64) {
            assertThatThrownBy(() -> BN.decode(Group.G1, b)).isInstanceOf(InvalidEncodingException.class)
                    .hasMessage("bn254 g1 point: length " + length + " (expected 64)");
        }
        if (length != 128) {
            assertThatThrownBy(() -> BN.decode(Group.G2, b)).isInstanceOf(InvalidEncodingException.class)
                    .hasMessage("bn254 g2 point: length " + length + " (expected 128)");
        }
    }

    @Property(tries = 30)
    void nonCanonicalCoordinatesAreRejected(@ForAll long seed, @ForAll @IntRange(max = 3) int which) {
        byte[] g2 = Bn254Encoding.encode(G2.GENERATOR.mulPublic(scalar(seed)));
        byte[] g1 = Bn254Encoding.encode(G1.GENERATOR.mulPublic(scalar(seed)));
        // v + p still fits 256 bits (p < 2^254), and is the same residue: only the range check rejects it
        String[] names = {"x.c1", "x.c0", "y.c1", "y.c0"};
        addP(g2, which * 32);
        assertThatThrownBy(() -> BN.decode(Group.G2, g2)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("bn254 g2 point: " + names[which] + " coordinate not below the field modulus p");
        addP(g1, (which & 1) * 32);
        assertThatThrownBy(() -> BN.decode(Group.G1, g1)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("bn254 g1 point: " + ((which & 1) == 0 ? "x" : "y") + " coordinate not below the field modulus p");
    }

    @Property(tries = 30)
    void offCurvePointsAreRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 255) int delta) {
        byte[] g1 = Bn254Encoding.encode(G1.GENERATOR.mulPublic(scalar(seed)));
        byte[] g2 = Bn254Encoding.encode(G2.GENERATOR.mulPublic(scalar(seed)));
        g1[63] ^= (byte) delta; // y changed: (x, y') is off the curve unless y' = ±y, impossible by a low-byte xor
        g2[127] ^= (byte) delta;
        assertThatThrownBy(() -> BN.decode(Group.G1, g1)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("bn254 g1 point: not on the curve y^2 = x^3 + 3");
        assertThatThrownBy(() -> BN.decode(Group.G2, g2)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("bn254 g2 point: not on the twist curve y^2 = x^3 + 3/(9+u)");
    }

    @Property(tries = 5)
    void twistPointsOutsideTheSubgroupAreRejected(@ForAll long seed) {
        G2 p = TwistPoints.random(new Random(seed));
        assertThat(p.isInSubgroup()).isFalse();
        byte[] enc = Bn254Encoding.encode(p);
        assertThatThrownBy(() -> BN.decode(Group.G2, enc)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("bn254 g2 point: not in the order-r subgroup");
        // clearing the cofactor lands in G2
        BigInteger cofactor = Fp.P.multiply(BigInteger.TWO).subtract(R);
        assertThat(p.mulPublic(cofactor).isInSubgroup()).isTrue();
    }

    @Property(tries = 8)
    void signaturesVerifyOnlyForTheirRoundAndKey(@ForAll long seed) {
        Bls bls = new Bls(BN);
        Scalar x = Scalar.of(scalar(seed));
        Point pk = bls.publicKey(EVMNET, x);
        long round = 1 + Math.floorMod(seed, 1_000_000_000L);
        byte[] sig = bls.sign(EVMNET, x, EVMNET.digest(null, round));
        assertThat(sig).hasSize(64);
        BeaconVerifier v = new BeaconVerifier(BN, EVMNET, pk.toBytes());
        assertThat(v.isValid(new Beacon(round, sig, null))).isTrue();
        assertThat(v.isValid(new Beacon(round + 1, sig, null))).isFalse();
        BeaconVerifier other = new BeaconVerifier(BN, EVMNET, bls.publicKey(EVMNET, Scalar.of(scalar(seed + 1))).toBytes());
        assertThat(other.isValid(new Beacon(round, sig, null))).isFalse();
    }

    @Property(tries = 1)
    void infinityKeysAndSignaturesAreRejected() {
        assertThatThrownBy(() -> new BeaconVerifier(BN, EVMNET, new byte[128])).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("public key: point at infinity");
        BeaconVerifier v = new BeaconVerifier(BN, EVMNET, Bn254Encoding.encode(G2.GENERATOR));
        assertThatThrownBy(() -> v.check(new Beacon(5, new byte[64], null))).isInstanceOf(InvalidBeaconException.class)
                .hasMessageContaining("signature is the point at infinity");
    }

    private static void addP(byte[] b, int off) {
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(b, off, off + 32)).add(Fp.P);
        byte[] raw = v.toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(raw, Math.max(0, raw.length - 32), fixed, 32 - Math.min(32, raw.length), Math.min(32, raw.length));
        System.arraycopy(fixed, 0, b, off, 32);
    }
}
