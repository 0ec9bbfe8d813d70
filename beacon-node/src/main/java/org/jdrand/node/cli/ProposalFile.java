package org.jdrand.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.dkg.ceremony.Participant;

/**
 * A proposal file's participant lists (drand's proposal TOML, as 'dkg generate-proposal' writes it).
 * A file that cannot be used is an {@link UnusableProposalException} that names the file and the
 * entry, never a stack trace.
 */
final class ProposalFile {
    private final Path file;
    private final JsonNode root;

    private ProposalFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static ProposalFile read(Path file) throws UnusableProposalException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UnusableProposalException("proposal " + file + ": no such file");
        } catch (IOException e) {
            throw new UnusableProposalException("proposal " + file + ": cannot read it: " + e);
        }
        try {
            JsonNode root = new TomlMapper().readTree(text);
            if (root == null || !root.isObject()) {
                throw new UnusableProposalException("proposal " + file + ": empty (expected [[Joining]] entries)");
            }
            return new ProposalFile(file, root);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new UnusableProposalException("proposal " + file + ": invalid TOML: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** The participants of section {@code name} (Joining, Remaining or Leaving); none when absent. */
    List<Participant> members(String name) throws UnusableProposalException {
        JsonNode section = root.path(name);
        if (section.isMissingNode()) {
            return List.of();
        }
        if (!section.isArray()) {
            throw new UnusableProposalException("proposal " + file + ": " + name + " is not a list of [[" + name
                    + "]] entries");
        }
        List<Participant> out = new ArrayList<>();
        for (JsonNode n : section) {
            String where = "proposal " + file + ": [[" + name + "]] #" + (out.size() + 1);
            String address = n.path("Address").asText("");
            if (address.isBlank()) {
                throw new UnusableProposalException(where + ": missing Address");
            }
            out.add(new Participant(address, hex(n, "Key", where + " " + address), hex(n, "Signature", where + " " + address)));
        }
        return out;
    }

    private static byte[] hex(JsonNode entry, String field, String where) throws UnusableProposalException {
        try {
            return Hex.decode(entry.path(field).asText(""));
        } catch (InvalidEncodingException e) {
            throw new UnusableProposalException(where + ": " + field + ": " + e.getMessage());
        }
    }

    /** A proposal file that is missing, unreadable or malformed. */
    static final class UnusableProposalException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableProposalException(String message) {
            super(message);
        }
    }
}
