package org.jdrand.crypto.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.backend.Points;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A signature σ + R, R on the curve but outside the prime-order subgroup (for G1 also R of order
 * 3), is a different valid-looking encoding whose randomness (sha256 of the signature) would
 * differ: the batch path (prepare → random linear combination) must refuse it per beacon, the
 * weighted sums must never be trusted to cancel such a component.
 */
class NonSubgroupSignatureTest {

    @ParameterizedTest
    @ValueSource(strings = {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    void aSignatureWithANonSubgroupComponentIsRefusedByTheBatchPath(String schemeId) {
        Scheme scheme = Scheme.byId(schemeId);
        Group g = scheme.signatureGroup();
        ThresholdChain chain = ThresholdChain.create(scheme, "default", 3, 1_600_000_000L, 24);
        BeaconVerifier verifier = BeaconVerifier.forChain(BlsBackends.blst(), chain.info());
        List<byte[]> components = new ArrayList<>();
        components.add(outsideSubgroup(g));
        if (g == Group.G1) {
            components.add(Points.compressG1(BigInteger.ZERO, BigInteger.TWO)); // (0, 2): order 3
        }
        for (byte[] r : components) {
            // alone, R is refused too (blst already refuses (0, 2) while uncompressing)
            assertThatThrownBy(() -> BlsBackends.blst().decode(g, r)).isInstanceOf(InvalidEncodingException.class);
            List<Beacon> beacons = new ArrayList<>(chain.beacons());
            Beacon b5 = beacons.get(4);
            byte[] forged = plus(g, b5.signature(), r);
            assertThat(forged).isNotEqualTo(b5.signature());
            beacons.set(4, new Beacon(5, forged, b5.previousSignature()));

            PreparedBeacon prepared = verifier.prepare(beacons.get(4));
            assertThat(prepared.failed()).isTrue();
            assertThat(prepared.failure()).contains("not in the prime-order subgroup");
            assertThat(verifier.invalidRounds(beacons)).containsExactly(5L);
            assertThat(verifier.invalidPreparedRounds(beacons.stream().map(verifier::prepare).toList())).containsExactly(5L);
            assertThat(verifier.isValid(beacons.get(4))).isFalse();
        }
        assertThat(verifier.invalidRounds(chain.beacons())).isEmpty();
    }

    /** A compressed point of the curve that is not in the subgroup (the first such abscissa from 1 up). */
    private static byte[] outsideSubgroup(Group g) {
        for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
            if (g == Group.G1 ? Points.g1HasPoint(x) : Points.g2HasPoint(x, BigInteger.ONE)) {
                return Points.withX(g, x, BigInteger.ONE, false); // a random curve point: outside G (cofactor > 1)
            }
        }
    }

    /** σ + R on the curve: affine addition in Fp for G1, blst (whose uncompress does not check the subgroup) for G2. */
    private static byte[] plus(Group g, byte[] sig, byte[] r) {
        if (g == Group.G2) {
            return new P2(sig).add(new P2_Affine(r)).compress();
        }
        BigInteger p = Points.P;
        byte[] s = new P1_Affine(sig).serialize(); // x ‖ y, uncompressed
        BigInteger x1 = new BigInteger(1, java.util.Arrays.copyOfRange(s, 0, 48));
        BigInteger y1 = new BigInteger(1, java.util.Arrays.copyOfRange(s, 48, 96));
        byte[] rx = r.clone();
        rx[0] &= 0x1f;
        BigInteger x2 = new BigInteger(1, rx);
        BigInteger y2 = x2.pow(3).add(BigInteger.valueOf(4)).mod(p).modPow(p.add(BigInteger.ONE).shiftRight(2), p); // p ≡ 3 mod 4
        if ((y2.compareTo(p.subtract(BigInteger.ONE).shiftRight(1)) > 0) != ((r[0] & 0x20) != 0)) {
            y2 = p.subtract(y2);
        }
        BigInteger lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        BigInteger x3 = lambda.multiply(lambda).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return Points.compressG1(x3, y3);
    }
}
