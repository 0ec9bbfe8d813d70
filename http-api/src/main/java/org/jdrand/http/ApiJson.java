package org.jdrand.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The JSON bodies of the API (http-api.md §3, §4, §5, §9): drand's key names, lowercase hex,
 * numbers as numbers, {@code previous_signature} omitted on unchained chains.
 */
final class ApiJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ApiJson() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("json: cannot write to memory", e);
        }
        return out.toByteArray();
    }

    /** v1 beacon: round, randomness, signature, previous_signature (chained only). */
    static byte[] beaconV1(ChainInfo info, Beacon b) {
        return beacon(info, b, true);
    }

    /** v2 beacon: as v1 without randomness. */
    static byte[] beaconV2(ChainInfo info, Beacon b) {
        return beacon(info, b, false);
    }

    private static byte[] beacon(ChainInfo info, Beacon b, boolean withRandomness) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("round", b.round());
            if (withRandomness) {
                g.writeStringField("randomness", Hex.encode(b.randomness()));
            }
            g.writeStringField("signature", Hex.encode(b.signature()));
            if (info.scheme().chained() && b.hasPreviousSignature()) {
                g.writeStringField("previous_signature", Hex.encode(b.previousSignature()));
            }
            g.writeEndObject();
        });
    }

    /**
     * The 2019 shape of {@code /api/public}: round, previous (empty when unchained), and
     * randomness {gid, point} with kyber's group IDs 22 (signatures on G2) or 21 (on G1).
     */
    static byte[] beaconLegacy(ChainInfo info, Beacon b) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("round", b.round());
            g.writeStringField("previous", info.scheme().chained() && b.hasPreviousSignature()
                    ? Hex.encode(b.previousSignature()) : "");
            g.writeObjectFieldStart("randomness");
            g.writeNumberField("gid", info.scheme().signatureGroup() == Group.G2 ? 22 : 21);
            g.writeStringField("point", Hex.encode(b.signature()));
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** v1 chain info, as drand's node and relay write it. */
    static byte[] infoV1(ChainInfo info) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("public_key", Hex.encode(info.publicKey()));
            g.writeNumberField("period", info.periodSeconds());
            g.writeNumberField("genesis_time", info.genesisTime());
            g.writeStringField("hash", info.hashHex());
            g.writeStringField("groupHash", Hex.encode(info.genesisSeed()));
            g.writeStringField("schemeID", info.scheme().id());
            g.writeObjectFieldStart("metadata");
            g.writeStringField("beaconID", info.beaconId());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** v2 chain info (drand Info.MarshalJSON): flat, no metadata. */
    static byte[] infoV2(ChainInfo info) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("public_key", Hex.encode(info.publicKey()));
            g.writeNumberField("period", info.periodSeconds());
            g.writeNumberField("genesis_time", info.genesisTime());
            g.writeStringField("genesis_seed", Hex.encode(info.genesisSeed()));
            g.writeStringField("chain_hash", info.hashHex());
            g.writeStringField("scheme", info.scheme().id());
            g.writeStringField("beacon_id", info.beaconId());
            g.writeEndObject();
        });
    }

    /** The status page's member list: last_seen_ms_ago is null for a member not heard from. */
    static byte[] members(List<MemberStatus> members, long nowMs, long recentMs) {
        return write(g -> {
            g.writeStartArray();
            for (MemberStatus m : members) {
                g.writeStartObject();
                g.writeNumberField("index", m.index());
                g.writeStringField("address", m.address());
                g.writeBooleanField("this_node", m.self());
                long ago = m.lastSeenMillis() > 0 ? Math.max(0, nowMs - m.lastSeenMillis()) : -1;
                if (ago < 0) {
                    g.writeNullField("last_seen_ms_ago");
                } else {
                    g.writeNumberField("last_seen_ms_ago", ago);
                }
                g.writeBooleanField("answered_recently", m.self() || ago >= 0 && ago <= recentMs);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static byte[] health(long current, long expected) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("current", current);
            g.writeNumberField("expected", expected);
            g.writeEndObject();
        });
    }

    static byte[] strings(Collection<String> values) {
        return write(g -> {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        });
    }

    static byte[] error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
