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

    /**
     * A 32-byte message encrypted and decrypted whole on one chain; subclasses choose the chain
     * and its beacon (JMH runs the inherited benchmarks under each subclass's name).
     */
    public abstract static class SmallMessage {
        private Tlock tlock;
        private Beacon beacon;
        private final byte[] message = new byte[32];
        private byte[] ciphertext;

        /** Encrypts once to {@code beacon}'s round and checks the round trip. */
        void prepare(Tlock t, Beacon b) throws Exception {
            tlock = t;
            beacon = b;
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

    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public static class Small extends SmallMessage {
        @Param({"blst", "bouncycastle"})
        public String backend;

        @Param({"bls-unchained-g1-rfc9380", "pedersen-bls-unchained"})
        public String scheme;

        @Setup
        public void setUp() throws Exception {
            BlsBackend be = BlsBackends.byName(backend);
            Scheme s = Scheme.byId(scheme);
            Fixtures.Chain chain = Fixtures.chain(be, s, 2, 7);
            prepare(tlock(be, s, chain), chain.beacons().get(1));
        }
    }

    /**
     * The small message on evmnet (bls-bn254-unchained-on-g1, the pure-Java BN254 backend): the
     * real chain info and its real beacon of round 6390578 (drand/tlock networks/fixed, drand-client
     * beacon-verification tests).
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public static class SmallEvmnet extends SmallMessage {
        static final String INFO = "{\"public_key\":\"07e1d1d335df83fa98462005690372c643340060d205306a9aa8106b6bd0b382"
                + "0557ec32c2ad488e4d4f6008f89a346f18492092ccc0d594610de2732c8b808f0095685ae3a85ba243747b1b2f426049010f6b73a0cf1d38"
                + "9351d5aaaa1047f6297d3a4f9749b33eb2d904c9d9ebf17224150ddd7abd7567a9bec6c74480ee0b\",\"period\":3,"
                + "\"genesis_time\":1727521075,\"genesis_seed\":\"cd7ad2f0e0cce5d8c288f2dd016ffe7bc8dc88dbb229b3da2b6ad736490dfed6\","
                + "\"chain_hash\":\"04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3\","
                + "\"scheme\":\"bls-bn254-unchained-on-g1\",\"beacon_id\":\"evmnet\"}";
        static final String SIGNATURE = "0d0d705983f50d6a2846e77d8d12a238f0be277a2307eb3e0d5206dc6765b0f9"
                + "1f04e596e3b28295086e8fda9047d40d37f7c2d8fb2f6686839101692e4f5f13";

        @Setup
        public void setUp() throws Exception {
            prepare(new Tlock(BlsBackends.blst(), TlockChain.fromJson(INFO)),
                    new Beacon(6390578, org.jdrand.crypto.Hex.decode(SIGNATURE), null));
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
