package org.jdrand.crypto.backend.bn254;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the CSV vectors of src/test/resources/bn254 (sources in its README.md). */
final class Vectors {
    private Vectors() {}

    /** Data rows (header and # comments dropped), each split on commas keeping empty fields. */
    static List<String[]> csv(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/bn254/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource bn254/" + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            boolean header = true;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split(",", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "# dst=..." comment of a vector file. */
    static String dst(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/bn254/" + name)) {
            String first = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return first.substring("# dst=".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BigInteger hex(String s) {
        return new BigInteger(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    static byte[] bytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String hexOf(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
