package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;

class ChainRegistryTest {
    final InMemoryBeaconSource quick =
            new InMemoryBeaconSource(FakeChains.info(Scheme.BLS_UNCHAINED_G1_RFC9380, "quicknet", 3, 100, 1));
    final InMemoryBeaconSource dflt =
            new InMemoryBeaconSource(FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 30, 100, 2));

    @Test
    void defaultIsTheChainNamedDefaultElseTheFirst() {
        assertThat(ChainRegistry.of(quick, dflt).defaultChain()).isSameAs(dflt);
        assertThat(ChainRegistry.of(quick).defaultChain()).isSameAs(quick);
        assertThat(ChainRegistry.withDefault(quick, List.of(quick, dflt)).defaultChain()).isSameAs(quick);
    }

    @Test
    void looksUpByHashAndBeaconId() {
        ChainRegistry r = ChainRegistry.of(quick, dflt);
        assertThat(r.byHash(quick.info().hashHex())).containsSame(quick);
        assertThat(r.byBeaconId("default")).containsSame(dflt);
        assertThat(r.byBeaconId("nope")).isEmpty();
        assertThat(r.chains()).containsExactly(quick, dflt);
    }

    @Test
    void rejectsEmptyAndDuplicates() {
        assertThatThrownBy(() -> ChainRegistry.of(List.of())).hasMessageContaining("no chain");
        assertThatThrownBy(() -> ChainRegistry.of(quick, new InMemoryBeaconSource(quick.info())))
                .hasMessageContaining("duplicate chain hash");
        InMemoryBeaconSource sameId =
                new InMemoryBeaconSource(FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "quicknet", 30, 100, 3));
        assertThatThrownBy(() -> ChainRegistry.of(quick, sameId)).hasMessageContaining("duplicate beacon ID");
        assertThatThrownBy(() -> ChainRegistry.withDefault(dflt, List.of(quick)))
                .hasMessageContaining("default chain not among");
    }

    @Test
    void inMemorySourceAcceptsIncreasingRoundsOnly() {
        quick.append(FakeChains.beacon(quick.info(), 2));
        assertThatThrownBy(() -> quick.append(FakeChains.beacon(quick.info(), 2))).hasMessageContaining("round 2");
        assertThatThrownBy(() -> quick.append(new org.jdrand.crypto.chain.Beacon(0, new byte[48], null)))
                .hasMessageContaining("round 0");
    }
}
