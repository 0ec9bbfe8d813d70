package org.jdrand.tlock;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;

/**
 * Timelock encryption of streams, byte-compatible with drand/tlock and tlock-js: an age file
 * (binary or armored) whose only recipient is a tlock stanza for a round of {@code chain}. Streams
 * in 64 KiB chunks, so files of any size pass through a fixed amount of memory.
 *
 * <p>Decryption writes plaintext chunk by chunk as each one authenticates; a later failure (a
 * truncated or tampered file) throws after earlier chunks were written. Callers that must never
 * expose partial plaintext write to a temporary file and keep it only on success, as the CLI does.
 */
public final class Tlock {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] ARMOR_START = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);

    private final Ibe ibe;
    private final TlockChain chain;
    private final SecureRandom random;
    private final Clock clock;

    public Tlock(BlsBackend backend, TlockChain chain) {
        this(backend, chain, new SecureRandom(), Clock.systemUTC());
    }

    public Tlock(BlsBackend backend, TlockChain chain, SecureRandom random, Clock clock) {
        this.ibe = new Ibe(backend);
        this.chain = Objects.requireNonNull(chain, "chain");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TlockChain chain() {
        return chain;
    }

    /** Encrypts all of {@code plaintext} to {@code round}; {@code out} is flushed, not closed. */
    public void encrypt(InputStream plaintext, OutputStream out, long round, boolean armor)
            throws IOException, GeneralSecurityException {
        TlockRecipient recipient = new TlockRecipient(ibe, chain, round, random);
        EncryptingChannelFactory factory = armor ? new ArmoredEncryptingChannelFactory() : new StandardEncryptingChannelFactory();
        try (WritableByteChannel enc = factory.newEncryptingChannel(Channels.newChannel(unclosable(out)), List.of(recipient))) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = plaintext.read(buf)) != -1) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    enc.write(b);
                }
            }
        }
        out.flush();
    }

    /**
     * Decrypts an age file (armored or binary, detected) whose tlock stanza is for this chain;
     * {@code out} is flushed, not closed.
     *
     * @throws TooEarlyException when the round is not yet due (saying when it opens)
     * @throws GeneralSecurityException for a wrong beacon, a foreign or tampered stanza or header
     * @throws IOException for a tampered or truncated payload, or a failed beacon fetch
     */
    public void decrypt(InputStream ciphertext, OutputStream out, BeaconSource beacons)
            throws IOException, GeneralSecurityException {
        BufferedInputStream in = new BufferedInputStream(ciphertext, BUFFER);
        in.mark(ARMOR_START.length);
        byte[] start = in.readNBytes(ARMOR_START.length);
        in.reset();
        if (start.length == 0) {
            throw new IOException("age: empty input (expected an age file)");
        }
        boolean armored = Arrays.equals(start, ARMOR_START);
        DecryptingChannelFactory factory = armored ? new ArmoredDecryptingChannelFactory() : new StandardDecryptingChannelFactory();
        TlockIdentity identity = new TlockIdentity(ibe, chain, beacons, clock);
        try (ReadableByteChannel dec = AgeErrors.open(() -> factory.newDecryptingChannel(Channels.newChannel(in), List.of(identity)))) {
            ByteBuffer b = ByteBuffer.allocate(BUFFER);
            while (AgeErrors.read(dec, b) != -1) {
                b.flip();
                out.write(b.array(), 0, b.limit());
                b.clear();
            }
        }
        out.flush();
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
