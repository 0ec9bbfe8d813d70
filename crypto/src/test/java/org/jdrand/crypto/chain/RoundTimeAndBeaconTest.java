package org.jdrand.crypto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.KnownAnswers;
import org.jdrand.crypto.KnownAnswers.Chain;
import org.junit.jupiter.api.Test;

class RoundTimeAndBeaconTest {
    private static final long GENESIS = 1595431050L;

    @Test
    void roundTimeMatchesDrand() {
        assertThat(RoundTime.timeOfRound(GENESIS, 30, 2185561)).isEqualTo(1660997850L);
        assertThat(RoundTime.timeOfRound(GENESIS, 30, 1)).isEqualTo(GENESIS);
        assertThat(RoundTime.timeOfRound(GENESIS, 30, 0)).isEqualTo(GENESIS);
        assertThat(RoundTime.timeOfRound(GENESIS, 30, Long.MAX_VALUE)).isEqualTo(RoundTime.TIME_OF_ROUND_ERROR);
        assertThat(RoundTime.currentRound(GENESIS, 30, GENESIS - 1)).isEqualTo(1);
        assertThat(RoundTime.nextRound(GENESIS, 30, GENESIS - 1)).containsExactly(1, GENESIS);
        assertThat(RoundTime.currentRound(GENESIS, 30, GENESIS)).isEqualTo(1);
        assertThat(RoundTime.currentRound(GENESIS, 30, GENESIS + 29)).isEqualTo(1);
        assertThat(RoundTime.currentRound(GENESIS, 30, GENESIS + 30)).isEqualTo(2);
        assertThat(RoundTime.nextRound(GENESIS, 30, GENESIS + 30)).containsExactly(3, GENESIS + 60);
        assertThat(RoundTime.currentRound(GENESIS, 30, 1660997850L)).isEqualTo(2185561);
    }

    @Test
    void randomnessIsSha256OfTheSignatureForEveryKnownBeacon() {
        int checked = 0;
        for (JsonNode c : KnownAnswers.root().get("chains")) {
            for (JsonNode b : c.get("beacons")) {
                Beacon beacon = new Beacon(b.get("round").asLong(), Hex.decode(b.get("signature").asText()), null);
                assertThat(Hex.encode(beacon.randomness())).isEqualTo(b.get("randomness").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(27);
    }

    @Test
    void chainedRoundsOfTheVectorsLinkAndRoundOneSignsTheGenesisSeed() {
        Chain mainnet = KnownAnswers.bls12381Chains().get(0);
        Beacon r1 = mainnet.beacons().get(0);
        assertThat(r1.round()).isEqualTo(1);
        assertThat(r1.previousSignature()).isEqualTo(mainnet.info().genesisSeed());
        assertThat(Beacon.genesis(mainnet.info().genesisSeed()).signature()).isEqualTo(r1.previousSignature());
        for (int i = 1; i < mainnet.beacons().size(); i++) {
            Beacon prev = mainnet.beacons().get(i - 1);
            Beacon cur = mainnet.beacons().get(i);
            if (cur.round() == prev.round() + 1) {
                assertThat(cur.previousSignature()).isEqualTo(prev.signature());
            }
        }
    }
}
