package org.jdrand.node.key;

/** A key, group or share file is missing, malformed or cannot be written; the message names the file and field. */
public class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
