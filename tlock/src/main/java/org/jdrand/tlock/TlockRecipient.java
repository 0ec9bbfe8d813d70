package org.jdrand.tlock;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.security.SecureRandom;
import java.util.List;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;

/** Wraps an age file key to a future round of a chain: one tlock stanza. */
public final class TlockRecipient implements RecipientStanzaWriter {
    private final Ibe ibe;
    private final TlockChain chain;
    private final long round;
    private final Point publicKey;
    private final SecureRandom random;

    /**
     * @throws IllegalArgumentException for round 0 or a public key that is not a valid point, or is
     *     the point at infinity
     */
    public TlockRecipient(Ibe ibe, TlockChain chain, long round, SecureRandom random) {
        if (round <= 0) {
            throw new IllegalArgumentException("tlock: round " + Long.toUnsignedString(round) + " (expected 1 or more)");
        }
        this.ibe = ibe;
        this.chain = chain;
        this.round = round;
        this.random = random;
        try {
            this.publicKey = ibe.backend(chain.scheme()).decode(chain.scheme().ciphertextGroup(), chain.info().publicKey());
        } catch (InvalidEncodingException e) {
            throw new IllegalArgumentException("tlock: chain public key: " + e.getMessage(), e);
        }
        if (publicKey.isInfinity()) {
            // anyone could open a file locked to it (drand/tlock's ErrInvalidPublicKey)
            throw new IllegalArgumentException("tlock: chain public key is the point at infinity");
        }
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) {
        byte[] key = fileKey.getEncoded();
        IbeCiphertext c = ibe.encrypt(chain.scheme(), publicKey, chain.scheme().identity(round), key, random);
        java.util.Arrays.fill(key, (byte) 0);
        return List.of(new TlockStanza(round, chain.hashHex(), c.toBytes()));
    }
}
