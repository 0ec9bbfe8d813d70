package org.jdrand.client;

/**
 * An endpoint serves another chain than the pinned one: its chain info hashes to another chain
 * hash, carries another public key, or does not hash to the hash it claims.
 */
public class ChainMismatchException extends DrandClientException {
    private static final long serialVersionUID = 1L;

    public ChainMismatchException(String message) {
        super(message);
    }
}
