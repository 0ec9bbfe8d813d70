package org.jdrand.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.tlock.OfflineBeacons;
import org.jdrand.tlock.Tlock;
import org.jdrand.tlock.TlockChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Timelock encryption: a small message (32 bytes, binary age) encrypted and decrypted whole
 * (stanza IBE, header, one payload chunk; decrypt includes verifying the beacon), and the
 * streaming throughput of a 100 MB file (payload ChaCha20-Poly1305 in 64 KiB chunks).
 */
public class TlockBench {
    static final long GENESIS = 1_600_000_000L;

    static Tlock tlock(BlsBackend be, Scheme s, Fixtures.Chain chain) {
        return new Tlock(be, new TlockChain(new ChainInfo(chain.publicKey(), "bench", 3, s, GENESIS, new byte[32])));
    }

    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public static class Small {
        @Param({"blst", "bouncycastle"})
        public String backend;

        @Param({"bls-unchained-g1-rfc9380", "pedersen-bls-unchained"})
        public String scheme;

        private Tlock tlock;
        private Beacon beacon;
        private final byte[] message = new byte[32];
        private byte[] ciphertext;

        @Setup
        public void setUp() throws Exception {
            BlsBackend be = BlsBackends.byName(backend);
            Scheme s = Scheme.byId(scheme);
            Fixtures.Chain chain = Fixtures.chain(be, s, 2, 7);
            tlock = tlock(be, s, chain);
            beacon = chain.beacons().get(1);
            ciphertext = encrypt();
            if (!Arrays.equals(decrypt(), message)) {
                throw new IllegalStateException("fixture does not round-trip");
            }
        }

        @Benchmark
        public byte[] encrypt() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            tlock.encrypt(new ByteArrayInputStream(message), out, beacon.round(), false);
            return out.toByteArray();
        }

        @Benchmark
        public byte[] decrypt() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            tlock.decrypt(new ByteArrayInputStream(ciphertext), out, new OfflineBeacons(beacon));
            return out.toByteArray();
        }
    }

    /** 100 MB (10⁸ bytes) streamed; MB/s = 100 / score in seconds. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public static class Large {
        static final long SIZE = 100_000_000L;

        private Tlock tlock;
        private Beacon beacon;
        private byte[] ciphertext;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BlsBackend be = BlsBackends.blst();
            Scheme s = Scheme.BLS_UNCHAINED_G1_RFC9380;
            Fixtures.Chain chain = Fixtures.chain(be, s, 2, 7);
            tlock = tlock(be, s, chain);
            beacon = chain.beacons().get(1);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) SIZE + (1 << 20));
            tlock.encrypt(new ZeroStream(SIZE), out, beacon.round(), false);
            ciphertext = out.toByteArray();
        }

        @Benchmark
        public long encrypt100MB() throws Exception {
            Counting sink = new Counting();
            tlock.encrypt(new ZeroStream(SIZE), sink, beacon.round(), false);
            return sink.count;
        }

        @Benchmark
        public long decrypt100MB() throws Exception {
            Counting sink = new Counting();
            tlock.decrypt(new ByteArrayInputStream(ciphertext), sink, new OfflineBeacons(beacon));
            if (sink.count != SIZE) {
                throw new IllegalStateException("decrypted " + sink.count + " bytes");
            }
            return sink.count;
        }
    }

    /** {@code size} bytes produced on the fly (content does not change the cipher's speed). */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0x5a);
            left -= n;
            return n;
        }
    }

    /** Discards and counts. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
