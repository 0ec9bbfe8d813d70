package org.jdrand.node.key;

import java.util.List;

/**
 * Writes TOML the way drand's files look (top-level keys, then {@code [[Nodes]]} and
 * {@code [PublicKey]} tables), which Jackson's generator cannot do (it writes inline tables).
 * Reading uses Jackson's TOML parser.
 */
final class TomlWriter {
    private final StringBuilder out = new StringBuilder();

    TomlWriter string(String key, String value) {
        out.append(key).append(" = ").append(quote(value)).append('\n');
        return this;
    }

    TomlWriter integer(String key, long value) {
        out.append(key).append(" = ").append(value).append('\n');
        return this;
    }

    TomlWriter strings(String key, List<String> values) {
        out.append(key).append(" = [");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        out.append("]\n");
        return this;
    }

    TomlWriter table(String name) {
        out.append('\n').append('[').append(name).append("]\n");
        return this;
    }

    TomlWriter arrayTable(String name) {
        out.append('\n').append("[[").append(name).append("]]\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
