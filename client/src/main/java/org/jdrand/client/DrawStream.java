package org.jdrand.client;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.jdrand.crypto.Scheme;

/**
 * The byte stream of a draw (docs/DRAWS.md §2): block i = SHA-256(seed ‖ BE64(i)), i = 0, 1, …,
 * read in order; and uniform integers from it by rejection sampling (§3), free of modulo bias.
 * Not thread-safe: one stream per draw operation.
 */
public final class DrawStream {
    private final byte[] seed;
    private final MessageDigest sha = Scheme.sha256();
    private byte[] block = new byte[0];
    private int offset;
    private long counter;
    private long bytesRead;

    DrawStream(byte[] seed) {
        this.seed = seed.clone();
    }

    /** The next byte of the stream (0..255). */
    public int nextByte() {
        if (offset == block.length) {
            sha.update(seed);
            sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
            block = sha.digest();
            offset = 0;
        }
        bytesRead++;
        return block[offset++] & 0xff;
    }

    /**
     * A uniform integer in [0, n): with k = bit length of n − 1, read ⌈k/8⌉ bytes big-endian, keep
     * the low k bits, and start again while the value is ≥ n. n = 1 reads nothing and gives 0.
     *
     * @param n bound, 1 ≤ n ≤ 2^63 − 1
     */
    public long uniform(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("draw: bound " + n + " (expected ≥ 1)");
        }
        int k = 64 - Long.numberOfLeadingZeros(n - 1);
        if (k == 0) {
            return 0;
        }
        int bytes = (k + 7) / 8;
        long mask = k == 64 ? -1L : (1L << k) - 1;
        while (true) {
            long x = 0;
            for (int i = 0; i < bytes; i++) {
                x = (x << 8) | nextByte();
            }
            x &= mask;
            if (x < n) { // k ≤ 63 so x ≥ 0
                return x;
            }
        }
    }

    /** Bytes consumed so far (for test vectors and audits). */
    public long bytesRead() {
        return bytesRead;
    }
}
