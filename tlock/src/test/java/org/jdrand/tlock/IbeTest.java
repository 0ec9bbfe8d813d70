package org.jdrand.tlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class IbeTest {
    static List<BlsBackend> backends() {
        return List.of(BlsBackends.blst(), BlsBackends.bouncyCastle());
    }

    /** drand/tlock TestDecryptText: the stanza of quicknet round 12040883 opens with that round's signature. */
    @ParameterizedTest
    @MethodSource("backends")
    void upstreamQuicknetStanzaOpens(BlsBackend backend) throws Exception {
        String[] stanza = Upstream.firstStanza(Upstream.dearmor(Upstream.text("tlock-TestDecryptText.age")));
        assertThat(stanza[0]).isEqualTo("-> tlock 12040883 52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971");
        byte[] body = Base64.getDecoder().decode(stanza[1]);
        TlockScheme s = TlockScheme.of(Scheme.BLS_UNCHAINED_G1_RFC9380);
        Point sig = backend.decode(Group.G1, Hex.decode("929906c959032ab363c9f26570d215d66f5c06cb0c44fe508c12bb5839f04ec895bb6868e5b9ff13ab289bdb5266b394"));
        byte[] fileKey = new Ibe(backend).decrypt(s, sig, IbeCiphertext.fromBytes(Group.G2, body, 16));
        assertThat(fileKey).hasSize(16);
    }

    private static final TlockScheme QUICKNET = TlockScheme.of(Scheme.BLS_UNCHAINED_G1_RFC9380);
    private static final String QUICKNET_SIG =
            "929906c959032ab363c9f26570d215d66f5c06cb0c44fe508c12bb5839f04ec895bb6868e5b9ff13ab289bdb5266b394";
    private static final String QUICKNET_KEY = "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a";

    private static byte[] upstreamBody() {
        return Base64.getDecoder().decode(Upstream.firstStanza(Upstream.dearmor(Upstream.text("tlock-TestDecryptText.age")))[1]);
    }

    /**
     * Byte compatibility of every step at once: with σ recovered from the upstream ciphertext
     * (V ⊕ H2(e(sig, U))), encrypting the opened file key again gives U ‖ V ‖ W byte for byte:
     * H3 (r, hence U), H2 over the GT bytes (V), H4 (W), the identity hash and the pairing order.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void reEncryptionReproducesTheUpstreamCiphertext(BlsBackend backend) throws Exception {
        TlockScheme s = TlockScheme.of(Scheme.BLS_UNCHAINED_G1_RFC9380);
        Ibe ibe = new Ibe(backend);
        IbeCiphertext c = IbeCiphertext.fromBytes(Group.G2, upstreamBody(), 16);
        Point sig = backend.decode(Group.G1, Hex.decode(QUICKNET_SIG));
        byte[] fileKey = ibe.decrypt(s, sig, c);
        byte[] sigma = xor(c.v(), Ibe.h2(s, backend.pairing(sig, backend.decode(Group.G2, c.u())).toBytes(), 16));
        Point master = backend.decode(Group.G2, Hex.decode(QUICKNET_KEY));
        Point qid = backend.hashToCurve(Group.G1, s.identity(12040883), Scheme.DST_G1.getBytes(StandardCharsets.US_ASCII));
        assertThat(ibe.encryptWithSigma(s, master, qid, fileKey, sigma).toBytes()).isEqualTo(upstreamBody());
        // the identity's private key is the signature: H(id) signed, so e(sig, g2) = e(Q, master)
        assertThat(backend.pairing(sig, backend.generator(Group.G2))).isEqualTo(backend.pairing(qid, master));
    }

    /** The labels are the ASCII strings kyber and tlock-js hash first. */
    @Test
    void hashLabels() {
        assertThat(new String(Ibe.H2_LABEL, StandardCharsets.US_ASCII)).isEqualTo("IBE-H2");
        assertThat(new String(Ibe.H3_LABEL, StandardCharsets.US_ASCII)).isEqualTo("IBE-H3");
        assertThat(new String(Ibe.H4_LABEL, StandardCharsets.US_ASCII)).isEqualTo("IBE-H4");
        byte[] sigma = new byte[16];
        Arrays.fill(sigma, (byte) 7);
        assertThat(Ibe.h4(QUICKNET, sigma, 16)).isEqualTo(Arrays.copyOf(sha256(bytes("IBE-H4"), sigma), 16));
        assertThat(Ibe.h4(QUICKNET, sigma, 32)).isEqualTo(sha256(bytes("IBE-H4"), sigma));
    }

    /**
     * H3 samples r by rejection, never by reduction: candidates SHA-256(LE16(i) ‖ h) for i = 1, 2, …
     * whose first byte is shifted right by one bit (kyber's and tlock-js's "masking": a shift, not
     * an AND); the first below r wins. Found here: inputs whose first candidate is rejected, where
     * a reducing implementation would differ; and inputs where shifting differs from masking.
     */
    @Test
    void h3RejectsCandidatesAboveTheOrderAfterMaskingOneBit() {
        assertThat(Ibe.h3MaskedBits(Scalar.ORDER)).isEqualTo(1);
        int rejectedFirst = 0;
        int shiftedNotMasked = 0;
        for (int n = 0; n < 200; n++) {
            byte[] sigma = sha256(bytes("sigma"), new byte[] {(byte) n});
            byte[] msg = Arrays.copyOf(sha256(bytes("msg"), new byte[] {(byte) n}), 16);
            byte[] h = sha256(bytes("IBE-H3"), sigma, msg);
            int i = 1;
            BigInteger candidate;
            while (true) {
                byte[] c = sha256(new byte[] {(byte) i, (byte) (i >> 8)}, h);
                c[0] = (byte) ((c[0] & 0xff) >>> 1);
                candidate = new BigInteger(1, c);
                if (candidate.compareTo(Scalar.ORDER) < 0) {
                    break;
                }
                i++;
            }
            if (i > 1) {
                rejectedFirst++;
                byte[] first = sha256(new byte[] {1, 0}, h);
                first[0] = (byte) ((first[0] & 0xff) >>> 1);
                assertThat(Ibe.h3(QUICKNET, sigma, msg).toBigInteger()).isNotEqualTo(new BigInteger(1, first).mod(Scalar.ORDER));
            }
            assertThat(Ibe.h3(QUICKNET, sigma, msg).toBigInteger()).isEqualTo(candidate);
            byte[] masked = sha256(new byte[] {1, 0}, h);
            masked[0] &= 0x7f;
            if (!new BigInteger(1, masked).equals(Ibe.h3(QUICKNET, sigma, msg).toBigInteger())) {
                shiftedNotMasked++;
            }
        }
        assertThat(shiftedNotMasked).isGreaterThan(100);
        // about 9% of masked candidates are >= r
        assertThat(rejectedFirst).isGreaterThan(3);
    }

    /** The rP check: a wrong signature, a changed V or W, or another U all fail, without returning a plaintext. */
    @ParameterizedTest
    @MethodSource("backends")
    void rpCheckRejectsWrongKeysAndTampering(BlsBackend backend) throws Exception {
        TlockScheme s = TlockScheme.of(Scheme.BLS_UNCHAINED_G1_RFC9380);
        Ibe ibe = new Ibe(backend);
        byte[] body = upstreamBody();
        Point sig = backend.decode(Group.G1, Hex.decode(QUICKNET_SIG));
        Point wrongSig = sig.add(backend.generator(Group.G1));
        assertThatThrownBy(() -> ibe.decrypt(s, wrongSig, IbeCiphertext.fromBytes(Group.G2, body, 16)))
                .isInstanceOf(IbeDecryptionException.class).hasMessageContaining("rP check failed");
        for (int pos : new int[] {96, 100, 111, 112, 120, 127}) { // in V and in W
            byte[] t = body.clone();
            t[pos] ^= 1;
            assertThatThrownBy(() -> ibe.decrypt(s, sig, IbeCiphertext.fromBytes(Group.G2, t, 16)))
                    .as("byte " + pos).isInstanceOf(IbeDecryptionException.class).hasMessageContaining("rP check failed");
        }
        byte[] otherU = body.clone();
        System.arraycopy(backend.generator(Group.G2).toBytes(), 0, otherU, 0, 96);
        assertThatThrownBy(() -> ibe.decrypt(s, sig, IbeCiphertext.fromBytes(Group.G2, otherU, 16)))
                .isInstanceOf(IbeDecryptionException.class).hasMessageContaining("rP check failed");
        byte[] badU = body.clone();
        badU[5] ^= 0x40;
        assertThatThrownBy(() -> ibe.decrypt(s, sig, IbeCiphertext.fromBytes(Group.G2, badU, 16)))
                .isInstanceOf(IbeDecryptionException.class).hasMessageContaining("ciphertext U is not a valid G2 point");
    }

    /** Round trips on every timelockable scheme (U on G1 for pedersen-bls-unchained, on G2 otherwise). */
    @ParameterizedTest
    @MethodSource("backends")
    void roundTripOnEachScheme(BlsBackend backend) throws Exception {
        SecureRandom random = new SecureRandom();
        Ibe ibe = new Ibe(backend);
        for (Scheme scheme : List.of(Scheme.PEDERSEN_BLS_UNCHAINED, Scheme.BLS_UNCHAINED_G1_RFC9380, Scheme.BLS_UNCHAINED_ON_G1)) {
            TlockScheme s = TlockScheme.of(scheme);
            Scalar secret = Scalar.random(random);
            Point master = backend.generator(scheme.keyGroup()).multiply(secret);
            byte[] id = s.identity(42);
            Point sig = backend.hashToCurve(scheme.signatureGroup(), id, scheme.dstBytes()).multiply(secret);
            byte[] msg = "sixteen byte key".getBytes(StandardCharsets.US_ASCII);
            IbeCiphertext c = ibe.encrypt(s, master, id, msg, random);
            assertThat(c.u()).hasSize(scheme.keyGroup().compressedSize());
            assertThat(ibe.decrypt(s, sig, c)).as(scheme.id()).isEqualTo(msg);
            Point otherRound = backend.hashToCurve(scheme.signatureGroup(), s.identity(43), scheme.dstBytes()).multiply(secret);
            assertThatThrownBy(() -> ibe.decrypt(s, otherRound, c)).isInstanceOf(IbeDecryptionException.class);
        }
    }

    @Test
    void chainedSchemesCannotBeTimelocked() {
        assertThatThrownBy(() -> TlockScheme.of(Scheme.PEDERSEN_BLS_CHAINED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tlock: scheme pedersen-bls-chained is chained and cannot be timelocked")
                .hasMessageContaining("bls-unchained-g1-rfc9380");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                sha.update(p);
            }
            return sha.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
