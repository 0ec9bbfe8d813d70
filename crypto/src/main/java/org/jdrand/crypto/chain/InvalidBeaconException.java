package org.jdrand.crypto.chain;

/**
 * A beacon that does not verify: malformed or infinity signature, or a failed pairing check. An
 * {@link IllegalArgumentException} (unchecked), like {@code InvalidEncodingException}: it reports
 * bad input, and callers usually turn it into a rejection at their edge. The message names the
 * round; {@link #round()} gives it to code.
 */
public class InvalidBeaconException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long round;

    public InvalidBeaconException(long round, String reason) {
        super("beacon: round " + round + ": " + reason);
        this.round = round;
    }

    public long round() {
        return round;
    }
}
