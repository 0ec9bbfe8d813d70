package org.jdrand.tlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A chain that can timelock: its info (public key, genesis, period, scheme) and the IBE its
 * unchained scheme gives. Parses drand's chain-info JSON: the HTTP shape ({@code /info}:
 * public_key, period, genesis_time, hash, groupHash, schemeID, metadata.beaconID) and drand/tlock's
 * fixed-network shape (genesis_seed, chain_hash, scheme, beacon_id); a given chain hash must match
 * the one computed from the other fields.
 */
public final class TlockChain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChainInfo info;
    private final TlockScheme scheme;

    /** @throws IllegalArgumentException for a chained or unsupported scheme */
    public TlockChain(ChainInfo info) {
        this.info = Objects.requireNonNull(info, "info");
        this.scheme = TlockScheme.of(info.scheme());
    }

    /** @throws IllegalArgumentException for malformed JSON, a wrong chain hash, or a scheme that cannot timelock */
    public static TlockChain fromJson(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("chain info: not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("chain info: not a JSON object");
        }
        byte[] key = Hex.decode(required(n, "public_key"));
        String schemeId = first(n, "schemeID", "scheme");
        // BN254 (evmnet) is accepted here: jdrand can verify its beacons and timelock to it, not run it
        Scheme s = Scheme.verifiableById(schemeId == null ? "" : schemeId);
        JsonNode period = n.get("period");
        JsonNode genesis = n.get("genesis_time");
        if (period == null || !period.canConvertToInt() || genesis == null || !genesis.canConvertToLong()) {
            throw new IllegalArgumentException("chain info: period and genesis_time must be numbers");
        }
        String seed = first(n, "groupHash", "genesis_seed");
        if (seed == null) {
            throw new IllegalArgumentException("chain info: missing groupHash (genesis seed)");
        }
        String beaconId = n.path("metadata").path("beaconID").asText(null);
        if (beaconId == null) {
            beaconId = n.path("beacon_id").asText(null);
        }
        ChainInfo info = new ChainInfo(key, beaconId, period.asInt(), s, genesis.asLong(), Hex.decode(seed));
        String hash = first(n, "hash", "chain_hash");
        if (hash != null && !hash.equalsIgnoreCase(info.hashHex())) {
            throw new IllegalArgumentException("chain info: hash " + Hex.shortHex(hash) + " does not match its fields ("
                    + Hex.shortHex(info.hashHex()) + ")");
        }
        return new TlockChain(info);
    }

    public ChainInfo info() {
        return info;
    }

    public TlockScheme scheme() {
        return scheme;
    }

    public String hashHex() {
        return info.hashHex();
    }

    /** When {@code round} is due. */
    public Instant timeOfRound(long round) {
        return Instant.ofEpochSecond(info.timeOfRound(round));
    }

    /** The earliest round due at or after {@code t}: a ciphertext to it does not open before {@code t}. */
    public long roundAt(Instant t) {
        long genesis = info.genesisTime();
        long period = info.periodSeconds();
        long s = t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
        if (s <= genesis) {
            return 1;
        }
        return Math.floorDiv(s - genesis + period - 1, period) + 1;
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("chain info: missing " + field);
        }
        return v.asText();
    }

    private static String first(JsonNode n, String a, String b) {
        JsonNode v = n.hasNonNull(a) ? n.get(a) : n.get(b);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "tlock chain " + Hex.shortHex(hashHex()) + " (" + scheme + ", period " + info.periodSeconds() + "s)";
    }
}
