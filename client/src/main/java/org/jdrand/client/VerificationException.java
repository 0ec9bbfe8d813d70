package org.jdrand.client;

/**
 * What an endpoint served does not verify against the pinned chain: a beacon whose signature
 * fails, a beacon for another round than asked, a chained beacon whose previous signature is not
 * the previous round's, a randomness that is not SHA-256 of the signature. Never returned to the
 * application as data: the client refuses it and tries another endpoint.
 */
public class VerificationException extends DrandClientException {
    private static final long serialVersionUID = 1L;
    private final long round;

    public VerificationException(long round, String message) {
        super(message);
        this.round = round;
    }

    public VerificationException(long round, String message, Throwable cause) {
        super(message, cause);
        this.round = round;
    }

    /** The round concerned (0 when none). */
    public long round() {
        return round;
    }
}
