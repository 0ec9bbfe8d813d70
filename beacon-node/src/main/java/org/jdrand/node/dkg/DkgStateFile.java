package org.jdrand.node.dkg;

import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.DkgState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdrand.crypto.Hex;

/**
 * The ceremony state of every beacon ID, persisted in {@code <folder>/dkg.json} (drand keeps it
 * in {@code dkg.db}, a bolt file; the content is the same): per beacon ID the {@code current}
 * ceremony and the last {@code finished} (Complete) one. Times are RFC 3339 with nanoseconds,
 * bytes are hex. Written atomically (temporary file then rename) after every change.
 *
 * <pre>
 * { "default": { "current": { "state": "Executing", "stateCode": 6, "epoch": 1, ... },
 *                "finished": { ... } } }
 * </pre>
 */
public final class DkgStateFile {
    public static final String FILE_NAME = "dkg.json";

    /** The two entries of one beacon ID; {@code finished} may be null. */
    public record Entries(DkgEntry current, DkgEntry finished) {}

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DkgStateFile(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized Map<String, Entries> load() throws IOException {
        Map<String, Entries> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": unreadable dkg state (" + e.getMessage()
                    + "); move it away or run 'jdrand dkg nuke' to start over", e);
        }
        var it = root.fields();
        while (it.hasNext()) {
            var f = it.next();
            try {
                DkgEntry current = entry(f.getKey(), f.getValue().get("current"));
                DkgEntry finished = entry(f.getKey(), f.getValue().get("finished"));
                out.put(f.getKey(), new Entries(current == null ? DkgEntry.fresh(f.getKey()) : current, finished));
            } catch (RuntimeException e) {
                throw new IOException(file + ": beacon " + f.getKey() + ": bad dkg state (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    public synchronized void save(Map<String, Entries> all) throws IOException {
        ObjectNode root = json.createObjectNode();
        for (Map.Entry<String, Entries> e : all.entrySet()) {
            ObjectNode o = root.putObject(e.getKey());
            o.set("current", node(e.getValue().current()));
            if (e.getValue().finished() != null) {
                o.set("finished", node(e.getValue().finished()));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, json.writeValueAsBytes(root));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** drand dkg nuke: forget both entries of {@code beaconId}. */
    public synchronized boolean delete(String beaconId) throws IOException {
        Map<String, Entries> all = load();
        boolean had = all.remove(beaconId) != null;
        save(all);
        return had;
    }

    private ObjectNode node(DkgEntry e) {
        ObjectNode o = json.createObjectNode();
        o.put("state", e.state().drandName());
        o.put("stateCode", e.state().number());
        o.put("epoch", e.epoch());
        o.put("threshold", e.threshold());
        time(o, "timeout", e.timeout());
        time(o, "genesisTime", e.genesisTime());
        o.put("genesisSeed", Hex.encode(e.genesisSeed()));
        o.put("transitionTime", e.transitionTime());
        o.put("periodSeconds", e.periodSeconds());
        o.put("catchupPeriodSeconds", e.catchupPeriodSeconds());
        o.put("schemeID", e.schemeId());
        if (e.leader() != null) {
            o.set("leader", participant(e.leader()));
        }
        participants(o, "remaining", e.remaining());
        participants(o, "joining", e.joining());
        participants(o, "leaving", e.leaving());
        participants(o, "acceptors", e.acceptors());
        participants(o, "rejectors", e.rejectors());
        ArrayNode fg = o.putArray("finalGroup");
        e.finalGroup().forEach(fg::add);
        time(o, "kickoff", e.kickoff());
        if (e.previousGroup() != null) {
            o.put("previousGroup", e.previousGroup());
        }
        o.put("error", e.error());
        return o;
    }

    private static void time(ObjectNode o, String name, Instant t) {
        if (t != null) {
            o.put(name, t.toString());
        }
    }

    private ObjectNode participant(Participant p) {
        ObjectNode o = json.createObjectNode();
        o.put("address", p.address());
        o.put("key", Hex.encode(p.key()));
        o.put("signature", Hex.encode(p.signature()));
        return o;
    }

    private void participants(ObjectNode o, String name, List<Participant> list) {
        ArrayNode a = o.putArray(name);
        list.forEach(p -> a.add(participant(p)));
    }

    private static DkgEntry entry(String beaconId, JsonNode o) {
        if (o == null || o.isNull()) {
            return null;
        }
        List<String> finalGroup = new ArrayList<>();
        o.path("finalGroup").forEach(n -> finalGroup.add(n.asText()));
        return new DkgEntry(beaconId, DkgState.fromNumber(o.path("stateCode").asInt()), o.path("epoch").asInt(),
                o.path("threshold").asInt(), instant(o, "timeout"), instant(o, "genesisTime"),
                Hex.decode(o.path("genesisSeed").asText("")), o.path("transitionTime").asLong(),
                o.path("periodSeconds").asInt(), o.path("catchupPeriodSeconds").asInt(), o.path("schemeID").asText(""),
                o.has("leader") ? participant(o.get("leader")) : null, participants(o, "remaining"),
                participants(o, "joining"), participants(o, "leaving"), participants(o, "acceptors"),
                participants(o, "rejectors"), finalGroup, instant(o, "kickoff"),
                o.has("previousGroup") ? o.get("previousGroup").asText() : null, o.path("error").asText(""));
    }

    private static Instant instant(JsonNode o, String name) {
        return o.hasNonNull(name) ? Instant.parse(o.get(name).asText()) : null;
    }

    private static Participant participant(JsonNode n) {
        return new Participant(n.path("address").asText(), Hex.decode(n.path("key").asText()),
                Hex.decode(n.path("signature").asText("")));
    }

    private static List<Participant> participants(JsonNode o, String name) {
        List<Participant> out = new ArrayList<>();
        o.path(name).forEach(n -> out.add(participant(n)));
        return out;
    }
}
