package org.jdrand.tlock;

import java.security.GeneralSecurityException;

/** A tlock ciphertext that does not open with the beacon given: wrong beacon, or tampered ciphertext. */
public class IbeDecryptionException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public IbeDecryptionException(String message) {
        super(message);
    }

    public IbeDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
