package org.jdrand.dkg;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A deterministic byte stream for tests: SHA-256(seed ‖ BE64(counter)) blocks. Not random. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private long counter;

    FixedRandom(long seed) {
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            byte[] block = block(seed, counter++);
            int n = Math.min(block.length, bytes.length - off);
            System.arraycopy(block, 0, bytes, off, n);
            off += n;
        }
    }

    static byte[] block(long seed, long counter) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
