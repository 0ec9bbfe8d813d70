package org.jdrand.tlock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the upstream vectors of src/test/resources/upstream (sources in its README). */
final class Upstream {
    private Upstream() {}

    static byte[] bytes(String name) {
        try (InputStream in = Upstream.class.getResourceAsStream("/upstream/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource upstream/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The binary age file inside an armored one. */
    static byte[] dearmor(String armored) {
        StringBuilder b64 = new StringBuilder();
        for (String line : armored.split("\n")) {
            if (!line.startsWith("-----")) {
                b64.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    /** The header line "-> tlock …" and the body of the first stanza of a binary age file. */
    static String[] firstStanza(byte[] age) {
        String text = new String(age, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n");
        StringBuilder body = new StringBuilder();
        for (int i = 2; i < lines.length && !lines[i].startsWith("-> ") && !lines[i].startsWith("---"); i++) {
            body.append(lines[i]);
        }
        return new String[] {lines[1], body.toString()};
    }
}
