package org.jdrand.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.InMemoryBeaconSource;

/** Real League of Entropy chains and beacons from crypto's test resource vectors/drand-known-answers.json (sources in its README). */
record LeagueBeacons(String name, ChainInfo info, List<Beacon> beacons) {

    static List<LeagueBeacons> all() {
        try (InputStream in = LeagueBeacons.class.getResourceAsStream("/vectors/drand-known-answers.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<LeagueBeacons> out = new ArrayList<>();
            for (JsonNode c : root.get("chains")) {
                if (c.get("beacons").isEmpty() || c.get("scheme").asText().contains("bn254")) {
                    continue; // BN254 is not a supported scheme
                }
                ChainInfo info = new ChainInfo(Hex.decode(c.get("public_key").asText()), c.get("beacon_id").asText(),
                        c.get("period").asInt(), Scheme.byId(c.get("scheme").asText()), c.get("genesis_time").asLong(),
                        Hex.decode(c.get("group_hash").asText()));
                if (!info.hashHex().equals(c.get("hash").asText())) {
                    throw new IllegalStateException("known answers: chain " + c.get("name") + " hash mismatch");
                }
                List<Beacon> beacons = new ArrayList<>();
                for (JsonNode b : c.get("beacons")) {
                    JsonNode prev = b.get("previous_signature");
                    beacons.add(new Beacon(b.get("round").asLong(), Hex.decode(b.get("signature").asText()),
                            prev == null || prev.isNull() ? null : Hex.decode(prev.asText())));
                }
                out.add(new LeagueBeacons(c.get("name").asText(), info, List.copyOf(beacons)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LeagueBeacons named(String name) {
        return all().stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    InMemoryBeaconSource source() {
        return new InMemoryBeaconSource(info, beacons);
    }

    long latestTime() {
        return info.timeOfRound(beacons.get(beacons.size() - 1).round());
    }

    Beacon beacon(long round) {
        return beacons.stream().filter(b -> b.round() == round).findFirst().orElseThrow();
    }
}
