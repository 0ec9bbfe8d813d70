package org.jdrand.crypto.props;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.backend.Points;
import org.jdrand.crypto.tbls.PartialSignature;

/** Every codec round-trips and rejects wrong lengths, bad flags, x ≥ p, off-curve and off-subgroup points. */
class CodecProperties {
    private static final List<BlsBackend> BACKENDS = List.of(BlsBackends.blst(), BlsBackends.bouncyCastle());

    @Provide
    Arbitrary<BlsBackend> backends() {
        return Arbitraries.of(BACKENDS);
    }

    @Provide
    Arbitrary<Group> groups() {
        return Arbitraries.of(Group.values());
    }

    @Property(tries = 30)
    void pointsRoundTrip(@ForAll("backends") BlsBackend be, @ForAll("groups") Group g, @ForAll long seed) {
        Point p = be.generator(g).multiply(Scalar.random(Seeded.random(seed)));
        byte[] enc = p.toBytes();
        assertThat(enc).hasSize(g.compressedSize());
        assertThat(enc[0] & 0xc0).isEqualTo(0x80);
        assertThat(be.decode(g, enc)).isEqualTo(p);
    }

    @Property(tries = 40)
    void wrongLengthsAreRejected(@ForAll("backends") BlsBackend be, @ForAll("groups") Group g,
            @ForAll @IntRange(max = 200) int length) {
        if (length == g.compressedSize()) {
            return;
        }
        byte[] b = new byte[length];
        if (length > 0) {
            b[0] = (byte) 0xc0;
        }
        assertThatThrownBy(() -> be.decode(g, b)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("length " + length);
    }

    @Property(tries = 40)
    void badFlagsAreRejected(@ForAll("backends") BlsBackend be, @ForAll("groups") Group g, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 7) int flags) {
        SecureRandom rnd = Seeded.random(seed);
        byte[] enc = be.generator(g).multiply(Scalar.random(rnd)).toBytes();
        enc[0] = (byte) ((enc[0] & 0x1f) | (flags << 5));
        boolean compressed = (flags & 4) != 0;
        boolean infinity = (flags & 2) != 0;
        if (!compressed) {
            assertThatThrownBy(() -> be.decode(g, enc)).hasMessageContaining("compression flag");
        } else if (infinity) {
            assertThatThrownBy(() -> be.decode(g, enc)).hasMessageContaining("infinity");
        } else {
            assertThat(be.decode(g, enc).isInfinity()).isFalse(); // either sort bit decodes, to ±P
        }
        byte[] inf = new byte[g.compressedSize()];
        inf[0] = (byte) (0xc0 | ((flags & 1) << 5));
        inf[1 + rnd.nextInt(inf.length - 1)] = (byte) (flags == 0 ? 0 : 1 + rnd.nextInt(255));
        if (Arrays.equals(inf, org.jdrand.crypto.backend.ZcashEncoding.infinity(g))) {
            assertThat(be.decode(g, inf).isInfinity()).isTrue();
        } else {
            assertThatThrownBy(() -> be.decode(g, inf)).hasMessageContaining("bad infinity encoding");
        }
    }

    @Property(tries = 30)
    void abscissaeAtOrAboveTheModulusAreRejected(@ForAll("backends") BlsBackend be, @ForAll("groups") Group g,
            @ForAll long seed) {
        SecureRandom rnd = Seeded.random(seed);
        BigInteger max = BigInteger.ONE.shiftLeft(381);
        BigInteger big = Points.P.add(new BigInteger(380, rnd)).min(max.subtract(BigInteger.ONE));
        BigInteger ok = new BigInteger(380, rnd);
        boolean highHalf = rnd.nextBoolean();
        byte[] enc = g == Group.G1 || highHalf ? Points.withX(g, big, ok, rnd.nextBoolean()) : Points.withX(g, ok, big, false);
        assertThatThrownBy(() -> be.decode(g, enc)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("not below the field modulus p");
    }

    @Property(tries = 30)
    void offCurveAndOffSubgroupPointsAreRejected(@ForAll("backends") BlsBackend be, @ForAll("groups") Group g,
            @ForAll long seed) {
        SecureRandom rnd = Seeded.random(seed);
        BigInteger c0 = new BigInteger(380, rnd);
        BigInteger c1 = new BigInteger(380, rnd);
        boolean onCurve = g == Group.G1 ? Points.g1HasPoint(c0) : Points.g2HasPoint(c0, c1);
        byte[] enc = Points.withX(g, c0, c1, rnd.nextBoolean());
        // a random point of E(Fp) or E'(Fp²) lies in the order-r subgroup with probability < 2⁻¹²⁶
        assertThatThrownBy(() -> be.decode(g, enc)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining(onCurve ? "not in the prime-order subgroup" : "not on the curve");
    }

    @Property(tries = 200)
    void scalarsRoundTripAndRejectOutOfRange(@ForAll long seed, @ForAll @IntRange(max = 64) int length) {
        SecureRandom rnd = Seeded.random(seed);
        Scalar s = Scalar.random(rnd);
        assertThat(Scalar.fromBytes(s.toBytes())).isEqualTo(s);
        byte[] atLeastR = Points.fp(Scalar.ORDER.add(new BigInteger(250, rnd)));
        byte[] tooBig = Arrays.copyOfRange(atLeastR, 16, 48);
        assertThatThrownBy(() -> Scalar.fromBytes(tooBig)).hasMessageContaining("not below the group order");
        if (length != 32) {
            assertThatThrownBy(() -> Scalar.fromBytes(new byte[length])).hasMessageContaining("length " + length);
        }
    }

    @Property(tries = 100)
    void partialsRoundTripAndRejectWrongLengths(@ForAll long seed, @ForAll @IntRange(max = 120) int length) {
        SecureRandom rnd = Seeded.random(seed);
        Scheme scheme = Scheme.all().get(rnd.nextInt(Scheme.all().size()));
        byte[] sig = new byte[scheme.signatureSize()];
        rnd.nextBytes(sig);
        PartialSignature p = new PartialSignature(rnd.nextInt(0x10000), sig);
        assertThat(PartialSignature.fromBytes(scheme, p.toBytes())).isEqualTo(p);
        if (length != scheme.partialSize()) {
            assertThatThrownBy(() -> PartialSignature.fromBytes(scheme, new byte[length]))
                    .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("length " + length);
        }
    }
}
