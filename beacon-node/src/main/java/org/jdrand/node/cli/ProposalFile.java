package org.jdrand.node.cli;

import org.jdrand.dkg.ceremony.Participant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Hex;

/** A proposal file's participant lists (drand's proposal TOML, as 'dkg generate-proposal' writes it). */
final class ProposalFile {
    private ProposalFile() {}

    /** The participants of section {@code name} (Joining, Remaining or Leaving). */
    static List<Participant> members(Path file, String name) throws IOException {
        JsonNode root = new TomlMapper().readTree(file.toFile());
        List<Participant> out = new ArrayList<>();
        for (JsonNode n : root.path(name)) {
            out.add(new Participant(n.path("Address").asText(), Hex.decode(n.path("Key").asText()),
                    Hex.decode(n.path("Signature").asText(""))));
        }
        return out;
    }
}
