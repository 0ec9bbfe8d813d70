package org.jdrand.tlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;

/** drand's beacon JSON ({@code /public/<round>}): round and signature; randomness and previous_signature are ignored. */
public final class BeaconJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BeaconJson() {}

    /** @throws IOException for malformed JSON or a missing round or signature */
    public static Beacon parse(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject() || !n.path("round").canConvertToLong() || !n.path("signature").isTextual()) {
            throw new IOException("beacon: JSON with a round and a signature expected");
        }
        return new Beacon(n.get("round").asLong(), Hex.decode(n.get("signature").asText()), null);
    }
}
