package org.jdrand.client;

/**
 * Base of every error the client reports; the message says what failed: observed (expected).
 * Unchecked, so the {@code CompletableFuture} variants can carry the same types.
 */
public class DrandClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrandClientException(String message) {
        super(message);
    }

    public DrandClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
