package org.jdrand.tlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ThresholdChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class TlockTest {
    private static final BlsBackend BLST = BlsBackends.blst();
    private static final long GENESIS = 1_700_000_000L;
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(GENESIS + 3000), ZoneOffset.UTC);

    static List<Scheme> schemes() {
        return List.of(Scheme.PEDERSEN_BLS_UNCHAINED, Scheme.BLS_UNCHAINED_G1_RFC9380, Scheme.BLS_UNCHAINED_ON_G1);
    }

    private static Tlock tlock(ThresholdChain c) {
        return new Tlock(ChainFixtures.backend(BLST, c), ChainFixtures.tlock(c), new SecureRandom(), NOW);
    }

    private static byte[] encrypt(ThresholdChain c, byte[] plain, long round, boolean armor) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlock(c).encrypt(new ByteArrayInputStream(plain), out, round, armor);
        return out.toByteArray();
    }

    private static byte[] decrypt(ThresholdChain c, byte[] age, Beacon beacon) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlock(c).decrypt(new ByteArrayInputStream(age), out, new OfflineBeacons(beacon));
        return out.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void armoredAndBinaryRoundTripOnEachScheme(Scheme scheme) throws Exception {
        ThresholdChain c = ChainFixtures.chain(scheme, GENESIS, 3);
        byte[] plain = "timelocked on the JVM\n".getBytes(StandardCharsets.UTF_8);
        byte[] armored = encrypt(c, plain, 100, true);
        String text = new String(armored, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n").endsWith("-----END AGE ENCRYPTED FILE-----\n");
        String header = new String(Upstream.dearmor(text), StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("age-encryption.org/v1\n-> tlock 100 " + c.info().hashHex() + "\n");
        assertThat(decrypt(c, armored, c.sign(100))).isEqualTo(plain);

        byte[] binary = encrypt(c, plain, 100, false);
        assertThat(new String(binary, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");
        assertThat(decrypt(c, binary, c.sign(100))).isEqualTo(plain);
        // stanza body: U of the key group, then V and W of 16 bytes each
        byte[] body = Base64.getDecoder().decode(Upstream.firstStanza(binary)[1]);
        assertThat(body).hasSize(scheme.keyGroup().compressedSize() + 32);
    }

    @Test
    void emptyAndMultiChunkPlaintexts() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        for (int size : new int[] {0, 1, 65535, 65536, 65537, 3 * 65536 + 17}) {
            byte[] plain = new byte[size];
            new SecureRandom().nextBytes(plain);
            assertThat(decrypt(c, encrypt(c, plain, 7, size % 2 == 0), c.sign(7))).as("size " + size).isEqualTo(plain);
        }
    }

    /** 64 MiB through both directions with a streaming source and sink: nothing holds the file. */
    @Test
    void streamsLargeFilesInBoundedMemory() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        long size = 64L << 20;
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("tlock-large", ".age");
        try {
            try (OutputStream f = java.nio.file.Files.newOutputStream(tmp)) {
                tlock(c).encrypt(new PatternStream(size), f, 9, false);
            }
            assertThat(java.nio.file.Files.size(tmp)).isGreaterThan(size);
            CheckingSink sink = new CheckingSink();
            try (InputStream f = java.nio.file.Files.newInputStream(tmp)) {
                tlock(c).decrypt(f, sink, new OfflineBeacons(c.sign(9)));
            }
            assertThat(sink.count).isEqualTo(size);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    @Test
    void tooEarlySaysWhenItOpens() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        long round = 1001 + 3600; // due one hour after NOW (round 1001 is due at NOW)
        byte[] age = encrypt(c, "later".getBytes(StandardCharsets.UTF_8), round, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> tlock(c).decrypt(new ByteArrayInputStream(age), out, r -> {
            throw new AssertionError("no beacon is fetched before the round is due");
        })).isInstanceOf(TooEarlyException.class)
                .hasMessage("tlock: too early: round " + round + " opens at " + Instant.ofEpochSecond(GENESIS + 3000 + 3 * 3600)
                        + " (in 3h 0m)");
        assertThat(out.size()).isZero();
    }

    @Test
    void wrongBeaconsFailClearly() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        ThresholdChain other = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        byte[] age = encrypt(c, "secret".getBytes(StandardCharsets.UTF_8), 50, true);
        // another round's beacon
        assertThatThrownBy(() -> decrypt(c, age, c.sign(51))).isInstanceOf(TlockIdentity.BeaconUnavailableException.class)
                .hasMessage("tlock: beacon of round 50: beacon: round 51 given (expected round 50)");
        // the right round of another chain: does not verify under this chain's key
        assertThatThrownBy(() -> decrypt(c, age, other.sign(50))).isInstanceOf(IbeDecryptionException.class)
                .hasMessageStartingWith("tlock: wrong beacon for chain " + c.info().hashHex().substring(0, 8))
                .hasMessageContaining("round 50");
        // a beacon whose round field lies: signature of round 49 labelled 50
        Beacon lying = new Beacon(50, c.sign(49).signature(), null);
        assertThatThrownBy(() -> decrypt(c, age, lying)).isInstanceOf(IbeDecryptionException.class)
                .hasMessageContaining("wrong beacon");
        // a ciphertext of another chain
        assertThatThrownBy(() -> decrypt(other, age, other.sign(50))).isInstanceOf(TlockIdentity.TlockFormatException.class)
                .hasMessage("tlock: ciphertext for chain " + c.info().hashHex().substring(0, 8) + "… (expected "
                        + other.info().hashHex().substring(0, 8) + "…)");
    }

    @Test
    void tamperedHeaderStanzaPayloadAndTruncationFail() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        byte[] plain = new byte[200_000];
        new SecureRandom().nextBytes(plain);
        byte[] age = encrypt(c, plain, 12, false);
        Beacon b = c.sign(12);
        String text = new String(age, StandardCharsets.ISO_8859_1);
        int macLine = text.indexOf("\n--- ") + 1;
        int headerEnd = text.indexOf('\n', macLine) + 1;

        // the stanza body: one base64 character of U ‖ V ‖ W changed
        int bodyStart = text.indexOf('\n', text.indexOf("-> tlock")) + 1;
        byte[] stanza = age.clone();
        stanza[bodyStart + 70] = (byte) (stanza[bodyStart + 70] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> decrypt(c, stanza, b)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("tlock:");

        // the stanza's round argument: another round's beacon is fetched and the chain hash still matches
        byte[] round = text.replace("-> tlock 12 ", "-> tlock 13 ").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> decrypt(c, round, c.sign(13))).isInstanceOf(IbeDecryptionException.class)
                .hasMessageContaining("rP check failed");

        // the header MAC
        byte[] mac = age.clone();
        mac[macLine + 6] = (byte) (mac[macLine + 6] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> decrypt(c, mac, b)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("age: header");

        // the payload nonce, and a byte in the middle of the payload
        for (int pos : new int[] {headerEnd + 3, headerEnd + 16 + 70_000, age.length - 5}) {
            byte[] p = age.clone();
            p[pos] ^= 0x01;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> tlock(c).decrypt(new ByteArrayInputStream(p), out, new OfflineBeacons(b)))
                    .as("byte " + pos).hasMessageContaining("age: payload");
        }

        // truncated: in the header, at a chunk boundary, inside the last chunk
        for (int len : new int[] {40, headerEnd - 3, headerEnd + 16 + 65536 + 16, age.length - 1}) {
            byte[] t = Arrays.copyOf(age, len);
            assertThatThrownBy(() -> decrypt(c, t, b)).as("length " + len).hasMessageContaining("age: ");
        }
    }

    /** As drand/tlock: stanzas of other chains are skipped; a file without a stanza of ours fails saying whose it is. */
    @Test
    void filesLockedToSeveralChainsOpenWithEither() throws Exception {
        ThresholdChain a = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        ThresholdChain b = ChainFixtures.chain(Scheme.PEDERSEN_BLS_UNCHAINED, GENESIS, 3);
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        Ibe ibe = new Ibe(BLST);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.exceptionfactory.jagged.RecipientStanzaWriter foreign = key -> List.of(new com.exceptionfactory.jagged.RecipientStanza() {
            public String getType() {
                return "X25519";
            }

            public List<String> getArguments() {
                return List.of("AAAA");
            }

            public byte[] getBody() {
                return new byte[32];
            }
        });
        try (java.nio.channels.WritableByteChannel ch = new com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory()
                .newEncryptingChannel(java.nio.channels.Channels.newChannel(out), List.of(foreign,
                        new TlockRecipient(ibe, ChainFixtures.tlock(a), 20, new SecureRandom()),
                        new TlockRecipient(ibe, ChainFixtures.tlock(b), 30, new SecureRandom())))) {
            ch.write(java.nio.ByteBuffer.wrap("two chains".getBytes(StandardCharsets.UTF_8)));
        }
        byte[] age = out.toByteArray();
        assertThat(decrypt(a, age, a.sign(20))).asString(StandardCharsets.UTF_8).isEqualTo("two chains");
        assertThat(decrypt(b, age, b.sign(30))).asString(StandardCharsets.UTF_8).isEqualTo("two chains");
        assertThatThrownBy(() -> decrypt(c, age, c.sign(20))).isInstanceOf(TlockIdentity.TlockFormatException.class)
                .hasMessageContaining("tlock: ciphertext for chain ");

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        try (java.nio.channels.WritableByteChannel ch = new com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory()
                .newEncryptingChannel(java.nio.channels.Channels.newChannel(none), List.of(foreign))) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        }
        assertThatThrownBy(() -> decrypt(c, none.toByteArray(), c.sign(20)))
                .isInstanceOf(TlockIdentity.TlockFormatException.class)
                .hasMessage("tlock: no tlock stanza in the header (found: X25519)");
    }

    /** drand/tlock's ErrInvalidPublicKey: a chain whose key is the point at infinity cannot lock anything. */
    @Test
    void refusesAPublicKeyAtInfinity() {
        byte[] infinity = new byte[96];
        infinity[0] = (byte) 0xc0;
        TlockChain c = new TlockChain(new org.jdrand.crypto.chain.ChainInfo(infinity, "x", 3, Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, new byte[32]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new Tlock(BLST, c).encrypt(new ByteArrayInputStream(new byte[] {1}), out, 5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tlock: chain public key is the point at infinity");
        assertThat(out.size()).isZero();
    }

    @Test
    void chainInfoJsonAndRoundAt() {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        TlockChain parsed = TlockChain.fromJson(ChainFixtures.infoJson(c.info()));
        assertThat(parsed.info()).isEqualTo(c.info());
        assertThat(parsed.roundAt(Instant.ofEpochSecond(GENESIS - 100))).isEqualTo(1);
        assertThat(parsed.roundAt(Instant.ofEpochSecond(GENESIS))).isEqualTo(1);
        assertThat(parsed.roundAt(Instant.ofEpochSecond(GENESIS + 1))).isEqualTo(2);
        assertThat(parsed.roundAt(Instant.ofEpochSecond(GENESIS + 3))).isEqualTo(2);
        assertThat(parsed.roundAt(Instant.ofEpochSecond(GENESIS + 4))).isEqualTo(3);
        for (long s = GENESIS - 5; s < GENESIS + 50; s++) {
            long r = parsed.roundAt(Instant.ofEpochSecond(s));
            assertThat(parsed.timeOfRound(r).getEpochSecond()).isGreaterThanOrEqualTo(s);
            assertThat(r == 1 || parsed.timeOfRound(r - 1).getEpochSecond() < s).isTrue();
        }
        String hash = c.info().hashHex();
        String wrongPrefix = hash.startsWith("00") ? "ff" : "00"; // a random chain's hash may start with 00
        String wrongHash = ChainFixtures.infoJson(c.info()).replace(hash, wrongPrefix + hash.substring(2));
        assertThatThrownBy(() -> TlockChain.fromJson(wrongHash)).hasMessageStartingWith("chain info: hash " + wrongPrefix);
        byte[] chainedKey = ChainFixtures.chain(Scheme.PEDERSEN_BLS_CHAINED, GENESIS, 30).info().publicKey();
        String chained = "{\"public_key\":\"" + org.jdrand.crypto.Hex.encode(chainedKey)
                + "\",\"period\":30,\"genesis_time\":1595431050,\"groupHash\":\"00\",\"schemeID\":\"pedersen-bls-chained\"}";
        assertThatThrownBy(() -> TlockChain.fromJson(chained)).hasMessageContaining("is chained and cannot be timelocked");
    }

    /** A deterministic byte pattern of a given length, generated on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long pos;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return pos < size ? (int) (pos++ * 31 % 251) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (pos++ * 31 % 251);
            }
            return n;
        }
    }

    /** Checks the pattern as it arrives and counts bytes. */
    static final class CheckingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                if (b[off + i] != (byte) (count * 31 % 251)) {
                    throw new AssertionError("byte " + count + " differs");
                }
                count++;
            }
        }
    }
}
