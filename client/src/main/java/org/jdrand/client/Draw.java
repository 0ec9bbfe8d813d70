package org.jdrand.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;

/**
 * A verifiable draw: decisions derived deterministically from one verified beacon, a chain hash
 * and a label, so that anyone holding the same three can re-derive them (specified byte for byte
 * in docs/DRAWS.md). Different labels give independent draws from the same round. Each operation
 * reads the draw's stream from its start, so {@code pick(k, items)} is the first k items of
 * {@code shuffle(items)}. Immutable.
 *
 * <pre>{@code
 * Draw d = drand.draw(1000, "jury 2026-05");                    // beacon verified first
 * List<String> jury = d.pick(3, candidates);                    // 3 of n, in draw order
 * long[] dice = d.integers(5, 1, 6);                            // five dice, no modulo bias
 * }</pre>
 */
public final class Draw {
    /** The domain tag of version 1 of the derivation (docs/DRAWS.md §1). */
    public static final String DOMAIN = "jdrand-draw-v1";

    private final byte[] chainHash;
    private final long round;
    private final byte[] randomness;
    private final String label;
    private final byte[] seed;

    private Draw(byte[] chainHash, long round, byte[] randomness, String label) {
        if (chainHash.length != 32 || randomness.length != 32) {
            throw new IllegalArgumentException("draw: chain hash " + chainHash.length + " and randomness "
                    + randomness.length + " bytes (expected 32 and 32)");
        }
        this.chainHash = chainHash.clone();
        this.round = round;
        this.randomness = randomness.clone();
        this.label = Objects.requireNonNull(label, "label");
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = Scheme.sha256();
        sha.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(chainHash);
        sha.update(ByteBuffer.allocate(8).putLong(round).array());
        sha.update(randomness);
        sha.update(ByteBuffer.allocate(4).putInt(l.length).array());
        sha.update(l);
        this.seed = sha.digest();
    }

    /**
     * The draw of a beacon that the caller has verified (as {@link DrandClient#draw} does).
     *
     * @param chainHash the chain's hash (32 bytes)
     * @param beacon    a verified beacon of that chain
     * @param label     what the draw is for, any UTF-8 text (the domain separation)
     */
    public static Draw of(byte[] chainHash, Beacon beacon, String label) {
        return new Draw(chainHash, beacon.round(), beacon.randomness(), label);
    }

    /** The same, from the round and its randomness (SHA-256 of the signature). */
    public static Draw of(byte[] chainHash, long round, byte[] randomness, String label) {
        return new Draw(chainHash, round, randomness, label);
    }

    public long round() {
        return round;
    }

    public byte[] chainHash() {
        return chainHash.clone();
    }

    public byte[] randomness() {
        return randomness.clone();
    }

    public String label() {
        return label;
    }

    /** The 32-byte seed of the stream (§1). */
    public byte[] seed() {
        return seed.clone();
    }

    /** A fresh stream from its first byte. */
    public DrawStream stream() {
        return new DrawStream(seed);
    }

    /** {@code count} independent uniform integers in [min, max] (§4). */
    public long[] integers(int count, long min, long max) {
        if (count < 0 || min > max) {
            throw new IllegalArgumentException("draw: " + count + " integers in [" + min + ", " + max
                    + "] (expected count ≥ 0 and min ≤ max)");
        }
        long n;
        try {
            n = Math.addExact(Math.subtractExact(max, min), 1);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("draw: range [" + min + ", " + max + "] too wide (expected ≤ 2^63 − 1 values)");
        }
        DrawStream s = stream();
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = min + s.uniform(n);
        }
        return out;
    }

    /** The items in a uniformly random order: Fisher–Yates from the front (§5). */
    public <T> List<T> shuffle(List<T> items) {
        return pick(items.size(), items);
    }

    /** {@code k} distinct items, uniformly, in draw order: the first k steps of {@link #shuffle} (§5). */
    public <T> List<T> pick(int k, List<T> items) {
        int n = items.size();
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("draw: pick " + k + " of " + n + " (expected 0 ≤ k ≤ n)");
        }
        List<T> a = new ArrayList<>(items);
        DrawStream s = stream();
        for (int i = 0; i < k; i++) {
            int j = i + (int) s.uniform(n - i);
            T t = a.get(i);
            a.set(i, a.get(j));
            a.set(j, t);
        }
        return List.copyOf(a.subList(0, k));
    }

    /**
     * {@code k} distinct items, each pick with probability proportional to its weight among the
     * items not yet picked (§6). Weights are positive integers.
     */
    public <T> List<T> pickWeighted(int k, List<T> items, long[] weights) {
        int n = items.size();
        if (weights.length != n) {
            throw new IllegalArgumentException("draw: " + weights.length + " weights for " + n + " items (expected equal)");
        }
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("draw: pick " + k + " of " + n + " (expected 0 ≤ k ≤ n)");
        }
        List<T> left = new ArrayList<>(items);
        List<Long> w = new ArrayList<>(n);
        long total = 0;
        for (long x : weights) {
            if (x < 1) {
                throw new IllegalArgumentException("draw: weight " + x + " (expected ≥ 1)");
            }
            try {
                total = Math.addExact(total, x);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("draw: total weight over 2^63 − 1");
            }
            w.add(x);
        }
        DrawStream s = stream();
        List<T> out = new ArrayList<>(k);
        for (int p = 0; p < k; p++) {
            long x = s.uniform(total);
            int i = 0;
            while (x >= w.get(i)) {
                x -= w.get(i);
                i++;
            }
            out.add(left.remove(i));
            total -= w.remove(i);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "Draw[round=" + round + ", chain=" + Hex.shortHex(chainHash) + ", label=" + label + "]";
    }
}
