package org.jdrand.node.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * Field access on a parsed TOML document with errors that name the file and the field path:
 * "drand_group.toml: Nodes[2].Key: hex: odd length 95 (expected ...)".
 */
final class TomlFields {
    private static final TomlMapper TOML = new TomlMapper();

    private final String file;
    private final String path;
    private final JsonNode node;

    TomlFields(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Parses a TOML document; {@code name} labels errors. */
    static TomlFields parse(String name, String text) throws KeyFileException {
        if (text.isBlank()) {
            throw new KeyFileException(name + ": empty file (expected drand's TOML format)");
        }
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the offending line, which could hold a secret: keep the location only
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new KeyFileException(name + ": malformed TOML" + where + " (expected drand's TOML format)");
        }
        if (root == null || !root.isObject()) {
            throw new KeyFileException(name + ": empty or not a TOML table (expected drand's TOML format)");
        }
        return new TomlFields(name, "", root);
    }

    String where(String field) {
        return file + ": " + (path.isEmpty() ? field : path + "." + field);
    }

    KeyFileException error(String field, String message) {
        return new KeyFileException(where(field) + ": " + message);
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    String string(String field) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(field, "missing (expected a string)");
        }
        if (!v.isTextual()) {
            throw error(field, v.getNodeType().toString().toLowerCase() + " (expected a string)");
        }
        return v.asText();
    }

    String optionalString(String field, String otherwise) throws KeyFileException {
        return has(field) ? string(field) : otherwise;
    }

    long integer(String field) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(field, "missing (expected an integer)");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(field, "\"" + v.asText() + "\" (expected an integer)");
        }
        return v.asLong();
    }

    long optionalInteger(String field, long otherwise) throws KeyFileException {
        return has(field) ? integer(field) : otherwise;
    }

    int int32(String field) throws KeyFileException {
        long v = integer(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(field, v + " (expected a 32-bit integer)");
        }
        return (int) v;
    }

    /** A scheme ID; missing means drand's default scheme. */
    Scheme scheme(String field) throws KeyFileException {
        String id = optionalString(field, "");
        try {
            return Scheme.byId(id);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }

    /** A Go duration string ("30s"); an optional one that is missing is zero. */
    Duration duration(String field, boolean required) throws KeyFileException {
        if (!required && !has(field)) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(string(field));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(field, e.getMessage());
        }
    }

    byte[] hex(String field) throws KeyFileException {
        String s = string(field);
        try {
            return Hex.decode(s);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }

    /** Hex of a secret: errors never quote the value. */
    byte[] secretHex(String field) throws KeyFileException {
        String s = string(field);
        try {
            return Hex.decode(s);
        } catch (IllegalArgumentException e) {
            throw error(field, "not valid hex (" + s.length() + " characters, value not shown)");
        }
    }

    /** A secret scalar of the scheme's group (a key or a share): errors never quote it, the bytes read are wiped. */
    Scalar secretScalar(String field, Scheme scheme) throws KeyFileException {
        byte[] raw = secretHex(field);
        try {
            return Scalar.fromBytes(raw, scheme.groupOrder());
        } catch (IllegalArgumentException e) {
            throw error(field, "not a valid scalar (" + raw.length + " bytes; expected 32 bytes below the group order)");
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** Decodes a field with {@code decoder}, turning its IllegalArgumentException into a located error. */
    <T> T decode(String field, Function<byte[], T> decoder) throws KeyFileException {
        byte[] bytes = hex(field);
        try {
            return decoder.apply(bytes);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }

    <T> List<T> decodeList(String field, Function<byte[], T> decoder) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(field, "missing (expected an array of hex strings)");
        }
        if (!v.isArray()) {
            throw error(field, v.getNodeType().toString().toLowerCase() + " (expected an array of hex strings)");
        }
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String item = field + "[" + i + "]";
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw error(item, e.getNodeType().toString().toLowerCase() + " (expected a hex string)");
            }
            try {
                out.add(decoder.apply(Hex.decode(e.asText())));
            } catch (IllegalArgumentException ex) {
                throw error(item, ex.getMessage());
            }
        }
        return out;
    }

    TomlFields table(String field) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(field, "missing (expected a table)");
        }
        if (!v.isObject()) {
            throw error(field, v.getNodeType().toString().toLowerCase() + " (expected a table)");
        }
        return new TomlFields(file, path.isEmpty() ? field : path + "." + field, v);
    }

    List<TomlFields> tables(String field) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(field, "missing (expected [[" + field + "]] tables)");
        }
        if (!v.isArray()) {
            throw error(field, v.getNodeType().toString().toLowerCase() + " (expected [[" + field + "]] tables)");
        }
        List<TomlFields> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String p = (path.isEmpty() ? field : path + "." + field) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                throw new KeyFileException(file + ": " + p + ": not a table");
            }
            out.add(new TomlFields(file, p, v.get(i)));
        }
        return out;
    }
}
