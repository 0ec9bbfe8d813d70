package org.jdrand.crypto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.KnownAnswers;
import org.jdrand.crypto.KnownAnswers.Chain;
import org.junit.jupiter.api.Test;

class ChainHashTest {

    @Test
    void everyChainHashInTheVectorsRecomputes() {
        int checked = 0;
        for (JsonNode c : KnownAnswers.root().get("chains")) {
            byte[] hash = ChainInfo.chainHash(c.get("period").asInt(), c.get("genesis_time").asLong(),
                    Hex.decode(c.get("public_key").asText()), Hex.decode(c.get("group_hash").asText()),
                    c.get("beacon_id").asText());
            assertThat(Hex.encode(hash)).as(c.get("name").asText()).isEqualTo(c.get("hash").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(KnownAnswers.root().get("chains").size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void chainInfoOfEveryBls12381ChainHashesToItsPublishedHash() {
        for (Chain c : KnownAnswers.bls12381Chains()) {
            assertThat(c.info().hashHex()).as(c.name()).isEqualTo(c.hashHex());
        }
    }

    @Test
    void defaultAndEmptyBeaconIdAreNotHashedButOthersAre() {
        Chain c = KnownAnswers.bls12381Chains().get(0);
        ChainInfo i = c.info();
        byte[] pk = i.publicKey();
        byte[] seed = i.genesisSeed();
        byte[] asDefault = ChainInfo.chainHash(i.periodSeconds(), i.genesisTime(), pk, seed, "default");
        assertThat(ChainInfo.chainHash(i.periodSeconds(), i.genesisTime(), pk, seed, "")).isEqualTo(asDefault);
        assertThat(ChainInfo.chainHash(i.periodSeconds(), i.genesisTime(), pk, seed, "other")).isNotEqualTo(asDefault);
    }
}
