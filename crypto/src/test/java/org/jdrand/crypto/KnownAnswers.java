package org.jdrand.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The known-answer file (test resource {@code vectors/drand-known-answers.json}; sources in the
 * README beside it), parsed once.
 */
public final class KnownAnswers {
    /** Classpath location of the file; beacon-node's tests see it through the crypto test-jar. */
    public static final String RESOURCE = "/vectors/drand-known-answers.json";

    private static final JsonNode ROOT = load();

    private KnownAnswers() {}

    /** One chain of the file with its beacons. */
    public record Chain(String name, Scheme scheme, ChainInfo info, String hashHex, byte[] groupHash, List<Beacon> beacons) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static JsonNode load() {
        try (InputStream in = KnownAnswers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("known-answer file: missing from classpath (" + RESOURCE + ")");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode root() {
        return ROOT;
    }

    /** Every BLS12-381 chain (BN254 is not supported yet), including those without beacons. */
    public static List<Chain> bls12381Chains() {
        List<Chain> out = new ArrayList<>();
        for (JsonNode c : ROOT.get("chains")) {
            if (!c.get("crypto").get("curve").asText().equals("BLS12-381")) {
                continue;
            }
            Scheme scheme = Scheme.byId(c.get("scheme").asText());
            byte[] groupHash = Hex.decode(c.get("group_hash").asText());
            ChainInfo info = new ChainInfo(Hex.decode(c.get("public_key").asText()), c.get("beacon_id").asText(),
                    c.get("period").asInt(), scheme, c.get("genesis_time").asLong(), groupHash);
            List<Beacon> beacons = new ArrayList<>();
            for (JsonNode b : c.get("beacons")) {
                JsonNode prev = b.get("previous_signature");
                beacons.add(new Beacon(b.get("round").asLong(), Hex.decode(b.get("signature").asText()),
                        prev == null || prev.isNull() ? null : Hex.decode(prev.asText())));
            }
            out.add(new Chain(c.get("name").asText(), scheme, info, c.get("hash").asText(), groupHash, beacons));
        }
        return out;
    }

    /** Chains with at least one beacon. */
    public static List<Chain> chainsWithBeacons() {
        return bls12381Chains().stream().filter(c -> !c.beacons().isEmpty()).toList();
    }

    /** The hex of the intermediate vector whose description starts with {@code prefix}. */
    public static String intermediate(String prefix) {
        for (JsonNode v : ROOT.get("intermediate_vectors")) {
            if (v.get("what").asText().startsWith(prefix)) {
                return v.get("hex").asText();
            }
        }
        throw new IllegalArgumentException("no intermediate vector starting with " + prefix);
    }
}
