package org.jdrand.client;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * drand's JSON bodies to values: chain info in the v1 shape ({@code hash}, {@code groupHash},
 * {@code schemeID}, {@code metadata.beaconID}) or the v2 shape ({@code chain_hash},
 * {@code genesis_seed}, {@code scheme}, {@code beacon_id}); beacons in v1 or v2 shape. Fields are
 * checked for type; unknown fields are ignored, as drand adds some over time.
 */
final class DrandJson {
    private DrandJson() {}

    /**
     * The chain info of a body, whose hash must recompute from its fields.
     *
     * @throws ChainMismatchException when the claimed hash is not the hash of the fields
     * @throws IllegalArgumentException when the body is not a chain info
     */
    static ChainInfo chainInfo(String body) {
        Map<String, Object> m = Json.parseObject(body);
        boolean v2 = m.containsKey("chain_hash") || m.containsKey("genesis_seed");
        byte[] publicKey = Hex.decode(string(m, "public_key"));
        long periodField = integer(m, "period");
        if (periodField > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("json: field period " + kind(m.get("period"))
                    + " (expected an integer in 0..2^31-1)");
        }
        int period = (int) periodField;
        long genesis = integer(m, "genesis_time");
        byte[] seed = Hex.decode(string(m, v2 ? "genesis_seed" : "groupHash"));
        String schemeId = optionalString(m, v2 ? "scheme" : "schemeID");
        String beaconId;
        if (v2) {
            beaconId = optionalString(m, "beacon_id");
        } else {
            Object meta = m.get("metadata");
            beaconId = meta instanceof Map<?, ?> mm && mm.get("beaconID") instanceof String s ? s : "";
        }
        Scheme scheme = Scheme.verifiableById(schemeId == null ? "" : schemeId); // a client verifies every scheme it can
        ChainInfo info = new ChainInfo(publicKey, beaconId, period, scheme, genesis, seed);
        String claimedHex = optionalString(m, v2 ? "chain_hash" : "hash");
        if (claimedHex != null && !Arrays.equals(Hex.decode(claimedHex), info.hash())) {
            throw new ChainMismatchException("chain info: hash " + Hex.shortHex(Hex.decode(claimedHex))
                    + " (computed " + Hex.shortHex(info.hash()) + " from its fields)");
        }
        return info;
    }

    /** A beacon body: round, signature, previous_signature (optional); randomness if present is returned too. */
    static Parsed beacon(String body) {
        Map<String, Object> m = Json.parseObject(body);
        long round = integer(m, "round");
        byte[] sig = Hex.decode(string(m, "signature"));
        String prev = optionalString(m, "previous_signature");
        String randomness = optionalString(m, "randomness");
        return new Parsed(new Beacon(round, sig, prev == null ? null : Hex.decode(prev)),
                randomness == null ? null : Hex.decode(randomness));
    }

    record Parsed(Beacon beacon, byte[] randomness) {}

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("json: field " + key + " " + kind(v) + " (expected a string)");
        }
        return s;
    }

    private static String optionalString(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null || v == Json.NULL ? null : string(m, key);
    }

    private static long integer(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof BigInteger b) || b.signum() < 0 || b.bitLength() > 63) {
            throw new IllegalArgumentException("json: field " + key + " " + kind(v)
                    + " (expected an integer in 0..2^63-1)");
        }
        return b.longValueExact();
    }

    private static String kind(Object v) {
        if (v == null) {
            return "missing";
        }
        if (v == Json.NULL) {
            return "null";
        }
        String s = String.valueOf(v);
        return "is " + (s.length() > 16 ? s.substring(0, 16) + "…" : s);
    }
}
