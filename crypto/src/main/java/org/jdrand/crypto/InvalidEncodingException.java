package org.jdrand.crypto;

/**
 * Thrown when bytes do not decode to a valid value (wrong length, bad flags, non-canonical,
 * off-curve, outside the subgroup, out of range...). The message says what was wrong.
 */
public class InvalidEncodingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }

    public InvalidEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
