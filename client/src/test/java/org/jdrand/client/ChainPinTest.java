package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.ThresholdChain;
import org.junit.jupiter.api.Test;

class ChainPinTest {
    private static final Endpoint E = Endpoint.v1("http://127.0.0.1:1");
    private final ChainInfo info = ThresholdChain.create(Scheme.BLS_UNCHAINED_G1_RFC9380, "pin", 3, 1_700_000_000L, 0)
            .info();
    private final ChainInfo other = ThresholdChain.create(Scheme.BLS_UNCHAINED_G1_RFC9380, "pin", 3, 1_700_000_000L, 0)
            .info();

    @Test
    void aChainInfoWithThePinnedHashPasses() {
        ChainPin pin = new ChainPin(info.hash(), null, BlsBackends.blst());
        assertThat(pin.check(E, info)).isSameAs(info);
        assertThat(pin.hashHex()).isEqualTo(info.hashHex());
    }

    @Test
    void anotherChainHashIsAMismatchNamingTheEndpoint() {
        ChainPin pin = new ChainPin(info.hash(), null, BlsBackends.blst());
        assertThatThrownBy(() -> pin.check(E, other)).isInstanceOf(ChainMismatchException.class)
                .hasMessageStartingWith("chain info from http://127.0.0.1:1: chain hash ")
                .hasMessageContaining("(expected pinned " + info.hashHex().substring(0, 8));
    }

    @Test
    void anotherPublicKeyIsAMismatchEvenUnderTheSameHashPin() {
        ChainPin pin = new ChainPin(null, info.publicKey(), BlsBackends.blst());
        assertThatThrownBy(() -> pin.check(E, other)).isInstanceOf(ChainMismatchException.class)
                .hasMessageContaining(": public key ");
    }

    @Test
    void unpinnedTrustsAnyChainInfo() {
        ChainPin pin = new ChainPin(null, null, BlsBackends.blst());
        assertThat(pin.hashHex()).isNull();
        assertThat(pin.check(E, other)).isSameAs(other);
        assertThat(pin.verified(other).hashHex()).isEqualTo(other.hashHex());
    }

    @Test
    void aPublicKeyOffTheCurveIsAnotherChain() {
        ChainInfo bad = new ChainInfo(new byte[96], "pin", 3, Scheme.BLS_UNCHAINED_G1_RFC9380, 1_700_000_000L,
                new byte[32]);
        assertThatThrownBy(() -> new ChainPin(null, null, BlsBackends.blst()).verified(bad))
                .isInstanceOf(ChainMismatchException.class).hasMessageContaining("is not a valid G2 point");
    }
}
