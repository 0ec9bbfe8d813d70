package org.jdrand.crypto.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The split of batch verification into per-beacon preparation and one combined check. */
class PreparedBeaconTest {

    @ParameterizedTest
    @ValueSource(strings = {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    void preparedInAnyGroupingGivesTheSameVerdictAsTheBatch(String schemeId) {
        Scheme scheme = Scheme.byId(schemeId);
        ThresholdChain chain = ThresholdChain.create(scheme, "default", 3, 1_600_000_000L, 24);
        BeaconVerifier verifier = BeaconVerifier.forChain(BlsBackends.blst(), chain.info());
        List<Beacon> beacons = new ArrayList<>(chain.tampered(7));
        Beacon b19 = beacons.get(18);
        byte[] malformed = b19.signature();
        malformed[0] &= 0x7f; // the compression flag cleared: refused by decoding (a point outside the
                              // subgroup may pass preparation: quicknet batches defer that check)
        beacons.set(18, new Beacon(19, malformed, b19.previousSignature()));

        List<PreparedBeacon> prepared = beacons.stream().map(verifier::prepare).toList();
        assertThat(prepared.get(18).failed()).isTrue();
        assertThat(prepared.get(18).failure()).contains("19");
        assertThat(prepared.get(6).failed()).isFalse(); // a valid point: only the pairing finds it

        assertThat(verifier.invalidRounds(beacons)).containsExactly(7L, 19L);
        assertThat(verifier.invalidPreparedRounds(prepared)).containsExactly(7L, 19L);
        assertThat(verifier.invalidPreparedRounds(prepared.subList(0, 10))).containsExactly(7L);
        assertThat(verifier.invalidPreparedRounds(prepared.subList(10, 24))).containsExactly(19L);
        assertThat(verifier.invalidPreparedRounds(chain.beacons().stream().map(verifier::prepare).toList())).isEmpty();
    }

    @Test
    void aBeaconPreparedByAnotherVerifierIsRefused() {
        ThresholdChain chain = ThresholdChain.create(Scheme.BLS_UNCHAINED_G1_RFC9380, "default", 3, 1_600_000_000L, 2);
        BeaconVerifier a = BeaconVerifier.forChain(BlsBackends.blst(), chain.info());
        BeaconVerifier b = BeaconVerifier.forChain(BlsBackends.blst(), chain.info());
        List<PreparedBeacon> fromA = chain.beacons().stream().map(a::prepare).toList();
        assertThatThrownBy(() -> b.invalidPreparedRounds(fromA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round 1 prepared by another verifier");
    }
}
