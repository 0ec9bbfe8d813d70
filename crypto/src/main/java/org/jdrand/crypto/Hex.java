package org.jdrand.crypto;

import java.util.HexFormat;

/** Lowercase hex codec, as drand writes it everywhere; {@link #shortHex} for error messages. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes hex (either case, optional 0x prefix); throws {@link InvalidEncodingException}. */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new InvalidEncodingException("hex: missing value");
        }
        String s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (s.length() % 2 != 0) {
            throw new InvalidEncodingException("hex: odd length " + s.length());
        }
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("hex: not a hex string: " + shortText(s));
        }
    }

    /** The first 8 hex characters, for error messages and logs. */
    public static String shortHex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        return shortHex(encode(bytes));
    }

    /** The first 8 characters of a hex string (a chain hash as given), for error messages and logs. */
    public static String shortHex(String hex) {
        if (hex == null) {
            return "null";
        }
        return hex.length() <= 8 ? hex : hex.substring(0, 8) + "…";
    }

    private static String shortText(String s) {
        return s.length() <= 12 ? s : s.substring(0, 12) + "…";
    }
}
