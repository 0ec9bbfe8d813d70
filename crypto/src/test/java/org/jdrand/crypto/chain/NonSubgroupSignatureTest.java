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
import org.junit.jupiter.params.provider.CsvSource;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A signature σ + R, R on the curve but outside the prime-order subgroup (for G1 also R of order
 * 3), is a different valid-looking encoding whose randomness (sha256 of the signature) would
 * differ: the batch path (prepare → random linear combination) must refuse it per beacon, the
 * weighted sums must never be trusted to cancel such a component. With blst's foreign-linker
 * path, preparation leaves the subgroup check to the batch: batches of 64 and more signatures are
 * checked on random combinations ({@code SubgroupBatch}), smaller ones point by point; both sizes
 * run here, for both groups.
 */
class NonSubgroupSignatureTest {

    @ParameterizedTest
    @CsvSource({"pedersen-bls-chained, 24, 5", "bls-unchained-g1-rfc9380, 24, 5", "pedersen-bls-chained, 100, 77",
            "bls-unchained-g1-rfc9380, 100, 77", "bls-unchained-g1-rfc9380, 100, 1"})
    void aSignatureWithANonSubgroupComponentIsRefusedByTheBatchPath(String schemeId, int rounds, int forgedRound) {
        Scheme scheme = Scheme.byId(schemeId);
        Group g = scheme.signatureGroup();
        ThresholdChain chain = ThresholdChain.create(scheme, "default", 3, 1_600_000_000L, rounds);
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
            int at = forgedRound - 1;
            Beacon honest = beacons.get(at);
            byte[] forged = plus(g, honest.signature(), r);
            assertThat(forged).isNotEqualTo(honest.signature());
            beacons.set(at, new Beacon(forgedRound, forged, honest.previousSignature()));

            PreparedBeacon prepared = verifier.prepare(beacons.get(at));
            assertThat(prepared.failed()).as("the subgroup check is left to the batch").isFalse();
            assertThat(verifier.invalidRounds(beacons)).containsExactly((long) forgedRound);
            assertThat(verifier.invalidPreparedRounds(beacons.stream().map(verifier::prepare).toList()))
                    .containsExactly((long) forgedRound);
            assertThat(verifier.isValid(beacons.get(at))).isFalse();
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
        return g == Group.G2 ? new P2(sig).add(new P2_Affine(r)).compress() : Points.addG1(sig, r);
    }
}
