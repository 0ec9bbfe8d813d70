package org.jdrand.tlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.backend.bn254.Bn254Backend;
import org.jdrand.crypto.backend.bn254.Bn254Gt;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ThresholdChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timelock on BN254, drand's evmnet scheme (bls-bn254-unchained-on-g1), as drand/tlock's TimeLock
 * does it since commit 92cbd353 (kyber's bn254 suite, ibe.EncryptCCAonG2): identity on G1 with the
 * evmnet DST, U on G2 (128 bytes uncompressed), H2/H3/H4 over legacy Keccak-256, GT in kyber's
 * 384-byte order. No upstream BN254 ciphertext exists (see resources/upstream/README.md), so the
 * real evmnet chain and one of its real beacons stand in.
 */
@Timeout(120)
class EvmnetTlockTest {
    private static final BlsBackend BLST = BlsBackends.blst();
    private static final BlsBackend BN = BlsBackends.bn254();
    private static final TlockScheme EVMNET = TlockScheme.of(Scheme.BLS_BN254_UNCHAINED_ON_G1);
    private static final long ROUND = 6390578;
    private static final String CHAIN = "04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3";

    private static TlockChain evmnet() {
        return TlockChain.fromJson(Upstream.text("evmnet-info.json"));
    }

    private static Beacon realBeacon() throws Exception {
        return BeaconJson.parse(Upstream.text("evmnet-6390578.json"));
    }

    private static Tlock tlock(TlockChain chain, Instant now) {
        // the configured BLS12-381 backend is passed, as the CLI does: the chain's scheme picks bn254
        return new Tlock(BLST, chain, new SecureRandom(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Instant after(TlockChain chain, long round) {
        return chain.timeOfRound(round).plusSeconds(1);
    }

    private static byte[] encrypt(TlockChain chain, byte[] plain, long round, boolean armor) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlock(chain, Instant.EPOCH).encrypt(new ByteArrayInputStream(plain), out, round, armor);
        return out.toByteArray();
    }

    private static byte[] decrypt(TlockChain chain, byte[] age, Beacon beacon) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlock(chain, after(chain, beacon.round())).decrypt(new ByteArrayInputStream(age), out, new OfflineBeacons(beacon));
        return out.toByteArray();
    }

    @Test
    void drandTlockEvmnetChainInfoIsAcceptedForTimelock() {
        TlockChain chain = evmnet();
        assertThat(chain.hashHex()).isEqualTo(CHAIN);
        assertThat(chain.scheme().scheme()).isEqualTo(Scheme.BLS_BN254_UNCHAINED_ON_G1);
        assertThat(chain.scheme().ciphertextGroup()).isEqualTo(Group.G2);
        assertThat(chain.scheme().identityGroup()).isEqualTo(Group.G1);
        assertThat(chain.scheme().ciphertextPointSize()).isEqualTo(128);
        assertThat(TlockScheme.supportedIds()).contains("bls-bn254-unchained-on-g1");
        // the identity is the message evmnet signs: keccak256(BE64(round))
        assertThat(chain.scheme().identity(ROUND)).isEqualTo(keccak(java.nio.ByteBuffer.allocate(8).putLong(ROUND).array()));
    }

    /** A file locked to evmnet round 6390578 opens with that round's real beacon (armored and binary). */
    @Test
    void realEvmnetBeaconOpensAFileLockedToItsRound() throws Exception {
        TlockChain chain = evmnet();
        byte[] plain = "timelocked to evmnet\n".getBytes(StandardCharsets.UTF_8);
        byte[] armored = encrypt(chain, plain, ROUND, true);
        String header = new String(Upstream.dearmor(new String(armored, StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("age-encryption.org/v1\n-> tlock " + ROUND + " " + CHAIN + "\n");
        assertThat(decrypt(chain, armored, realBeacon())).isEqualTo(plain);

        byte[] binary = encrypt(chain, plain, ROUND, false);
        assertThat(decrypt(chain, binary, realBeacon())).isEqualTo(plain);
        byte[] body = Base64.getDecoder().decode(Upstream.firstStanza(binary)[1]);
        // drand/tlock CiphertextToBytes: U (kyber's 128-byte G2 point) ‖ V (16) ‖ W (16)
        assertThat(body).hasSize(128 + 32);
        assertThat(BN.decode(Group.G2, Arrays.copyOf(body, 128)).isInfinity()).isFalse();
    }

    /**
     * Every step against kyber's bn254 conventions at once: σ recovered from a ciphertext with the
     * real signature (V ⊕ H2(e(sig, U)), H2 written out here with Keccak-256 over kyber's GT bytes)
     * re-encrypts to the same U ‖ V ‖ W; and the signature is the identity's private key:
     * e(sig, g2) = e(H(id), master).
     */
    @Test
    void reEncryptionWithTheRecoveredSigmaReproducesTheCiphertext() throws Exception {
        TlockChain chain = evmnet();
        Point master = BN.decode(Group.G2, chain.info().publicKey());
        Point sig = BN.decode(Group.G1, realBeacon().signature());
        Ibe ibe = new Ibe(BLST);
        byte[] fileKey = new byte[16];
        new SecureRandom().nextBytes(fileKey);
        IbeCiphertext c = ibe.encrypt(EVMNET, master, EVMNET.identity(ROUND), fileKey, new SecureRandom());
        assertThat(ibe.decrypt(EVMNET, sig, c)).isEqualTo(fileKey);

        byte[] gt = Bn254Gt.pair(sig, BN.decode(Group.G2, c.u())).toBytes();
        byte[] sigma = xor(c.v(), Arrays.copyOf(keccak(bytes("IBE-H2"), gt), 16));
        assertThat(c.w()).isEqualTo(xor(fileKey, Arrays.copyOf(keccak(bytes("IBE-H4"), sigma), 16)));
        Point qid = BN.hashToCurve(Group.G1, EVMNET.identity(ROUND), Scheme.DST_BN254_G1.getBytes(StandardCharsets.US_ASCII));
        assertThat(ibe.encryptWithSigma(EVMNET, master, qid, fileKey, sigma)).isEqualTo(c);
        assertThat(Bn254Gt.pair(sig, BN.generator(Group.G2))).isEqualTo(Bn254Gt.pair(qid, master));
    }

    /** The suite's hash is legacy Keccak-256 (kyber bn254 Suite.Hash: sha3.NewLegacyKeccak256), not SHA3-256. */
    @Test
    void hashIsLegacyKeccak256() {
        assertThat(Hex.encode(EVMNET.newHash().digest()))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        byte[] sigma = new byte[16];
        Arrays.fill(sigma, (byte) 9);
        assertThat(Ibe.h4(EVMNET, sigma, 16)).isEqualTo(Arrays.copyOf(keccak(bytes("IBE-H4"), sigma), 16));
        byte[] gt = new byte[Bn254Gt.BYTES];
        assertThat(Ibe.h2(EVMNET, gt, 16)).isEqualTo(Arrays.copyOf(keccak(bytes("IBE-H2"), gt), 16));
    }

    /**
     * H3 on BN254: kyber masks 256 − 254 = 2 bits (a right shift of the first byte) and rejects
     * candidates keccak(LE16(i) ‖ h) that are still >= r (about a quarter of them); no reduction.
     */
    @Test
    void h3MasksTwoBitsAndRejectsCandidatesAboveTheBn254Order() {
        BigInteger r = Bn254Backend.ORDER;
        assertThat(Ibe.h3MaskedBits(r)).isEqualTo(2);
        int rejectedFirst = 0;
        for (int n = 0; n < 64; n++) {
            byte[] sigma = Arrays.copyOf(keccak(bytes("sigma"), new byte[] {(byte) n}), 16);
            byte[] msg = Arrays.copyOf(keccak(bytes("msg"), new byte[] {(byte) n}), 16);
            byte[] h = keccak(bytes("IBE-H3"), sigma, msg);
            int i = 1;
            BigInteger candidate;
            while (true) {
                byte[] c = keccak(new byte[] {(byte) i, (byte) (i >> 8)}, h);
                c[0] = (byte) ((c[0] & 0xff) >>> 2);
                candidate = new BigInteger(1, c);
                if (candidate.compareTo(r) < 0) {
                    break;
                }
                i++;
            }
            rejectedFirst += i > 1 ? 1 : 0;
            assertThat(Ibe.h3(EVMNET, sigma, msg).toBigInteger()).isEqualTo(candidate);
        }
        assertThat(rejectedFirst).isGreaterThan(3);
    }

    /** A 3-of-5 BN254 chain of our own (shares mod BN254's r, ThresholdBls recovery) round-trips. */
    @Test
    void ownThresholdBn254ChainRoundTrips() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_BN254_UNCHAINED_ON_G1, 1_700_000_000L, 3);
        TlockChain chain = TlockChain.fromJson(ChainFixtures.infoJson(c.info()));
        byte[] plain = new byte[70_000];
        new SecureRandom().nextBytes(plain);
        byte[] age = encrypt(chain, plain, 4242, false);
        assertThat(decrypt(chain, age, c.sign(4242))).isEqualTo(plain);
        // its beacon does not open evmnet's file for the same round, and the reverse
        byte[] evm = encrypt(evmnet(), plain, ROUND, true);
        assertThatThrownBy(() -> decrypt(evmnet(), evm, c.sign(ROUND))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("tlock: wrong beacon for chain 04f1e906…");
    }

    /** A signature that verifies for another round does not open the IBE ciphertext: the rP check fails. */
    @Test
    void signatureOfAnotherRoundFailsTheRpCheck() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_BN254_UNCHAINED_ON_G1, 1_700_000_000L, 3);
        Point master = BN.decode(Group.G2, c.info().publicKey());
        Ibe ibe = new Ibe(BN);
        IbeCiphertext ct = ibe.encrypt(EVMNET, master, EVMNET.identity(10), new byte[16], new SecureRandom());
        Point other = BN.decode(Group.G1, c.sign(11).signature());
        assertThatThrownBy(() -> ibe.decrypt(EVMNET, other, ct)).isInstanceOf(IbeDecryptionException.class)
                .hasMessage("tlock: invalid proof: rP check failed (wrong beacon for this round, or a tampered ciphertext)");
    }

    @Test
    void tamperedStanzaBodyOrWrongRoundBeaconFailsWithoutPlaintext() throws Exception {
        TlockChain chain = evmnet();
        byte[] age = encrypt(chain, "secret".getBytes(StandardCharsets.UTF_8), ROUND, false);
        String text = new String(age, StandardCharsets.ISO_8859_1);
        String[] stanza = Upstream.firstStanza(age);
        byte[] body = Base64.getDecoder().decode(stanza[1]);
        for (int pos : new int[] {130, 150, 5}) { // in V, in W, in U
            byte[] t = body.clone();
            t[pos] ^= 0x01;
            String tampered = text.replace(wrap(stanza[1]), wrap(Base64.getEncoder().withoutPadding().encodeToString(t)));
            assertThat(tampered).isNotEqualTo(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> tlock(chain, after(chain, ROUND)).decrypt(
                    new ByteArrayInputStream(tampered.getBytes(StandardCharsets.ISO_8859_1)), out, new OfflineBeacons(realBeacon())))
                    .as("byte " + pos).isInstanceOf(GeneralSecurityException.class)
                    .hasMessageMatching("tlock: (invalid proof: rP check failed.*|ciphertext U is not a valid G2 point.*)");
            assertThat(out.size()).isZero();
        }
        // the real signature presented as the next round's beacon does not verify
        Beacon relabelled = new Beacon(ROUND + 1, realBeacon().signature(), null);
        byte[] next = encrypt(chain, "secret".getBytes(StandardCharsets.UTF_8), ROUND + 1, false);
        assertThatThrownBy(() -> decrypt(chain, next, relabelled)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("tlock: wrong beacon for chain 04f1e906…");
    }

    @Test
    void aRoundNotYetDueSaysWhenItOpens() throws Exception {
        TlockChain chain = evmnet();
        byte[] age = encrypt(chain, new byte[] {1}, ROUND, true);
        Instant before = chain.timeOfRound(ROUND).minusSeconds(30);
        assertThatThrownBy(() -> tlock(chain, before).decrypt(new ByteArrayInputStream(age), new ByteArrayOutputStream(),
                new OfflineBeacons(realBeacon()))).isInstanceOf(TooEarlyException.class)
                .hasMessageContaining(chain.timeOfRound(ROUND).toString());
    }

    private static byte[] keccak(byte[]... parts) {
        KeccakDigest d = new KeccakDigest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** An age stanza body as written: base64 lines of 64 columns. */
    private static String wrap(String b64) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 64) {
            b.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
