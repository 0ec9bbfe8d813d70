package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.tlock.BeaconJson;

/**
 * drand's beacon and chain-info JSON bodies as the verifying client decodes them (its own JSON
 * parser, {@code DrandJson}: this class sits in the client's package for that) and as tlock
 * reads a beacon. Accepted, or refused with the decoder's documented exception; anything else (a
 * runtime exception escaping, a stack overflow, a hang) is a finding. Regression inputs under
 * {@code src/test/resources/org/jdrand/client/JsonFuzzTestInputs/<target>/}.
 */
class JsonFuzzTest {
    /** GET /info and /v2/chains/{hash}/info bodies: v1 or v2 shape, whose hash must match the fields. */
    @FuzzTest(maxDuration = "30s")
    void chainInfoJson(byte[] data) {
        String body = new String(data, StandardCharsets.UTF_8);
        try {
            ChainInfo info = DrandJson.chainInfo(body);
            assertThat(info.hash()).hasSize(32);
        } catch (IllegalArgumentException | DrandClientException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** GET /public/{round} bodies, v1 or v2. */
    @FuzzTest(maxDuration = "30s")
    void beaconJson(byte[] data) {
        String body = new String(data, StandardCharsets.UTF_8);
        try {
            DrandJson.Parsed p = DrandJson.beacon(body);
            assertThat(p.beacon().round()).isNotNegative();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        try {
            BeaconJson.parse(body);
        } catch (IOException | IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }
}
