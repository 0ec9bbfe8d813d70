package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdrand.dkg.DkgFixtures.BACKEND;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fixed-input vectors. Each expected value is computed here again from the spec's formula with
 * the JCA and BigInteger (not through the code under test), and the bytes are also pinned so
 * that a change in either is caught.
 */
class KnownAnswerTest {
    private static final Scalar SECRET = Scalar.of(new BigInteger("1f2e3d4c5b6a79880123456789abcdef0fedcba987654321", 16));
    private static final Scalar EPHEMERAL = Scalar.of(new BigInteger("0badc0ffee0ddf00d", 16));

    @Test
    void sessionIdIsSha256OfTheBigEndianEpoch() throws Exception {
        assertThat(Hex.encode(DkgConfig.sessionId(1)))
                .isEqualTo(Hex.encode(MessageDigest.getInstance("SHA-256").digest(new byte[] {0, 0, 0, 1})))
                .isEqualTo("b40711a88c7039756fb8a73827eabe2c0fe5a0346ca7e0a104adc0fc764f528d");
        assertThat(DkgConfig.sessionId(0xFFFFFFFFL)).hasSize(32);
        assertThatThrownBy(() -> DkgConfig.sessionId(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schnorrSignatureMatchesTheFormula() throws Exception {
        Point g = BACKEND.generator(Group.G1);
        byte[] msg = "jdrand dkg schnorr".getBytes(StandardCharsets.US_ASCII);
        Scalar k = Scalar.of(new BigInteger("5eed", 16));
        Schnorr schnorr = new Schnorr(BACKEND, Group.G1);
        byte[] sig = schnorr.sign(SECRET, msg, k);

        byte[] r = g.multiply(k).toBytes();
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(r);
        sha512.update(g.multiply(SECRET).toBytes());
        sha512.update(msg);
        BigInteger e = new BigInteger(1, sha512.digest()).mod(Scalar.ORDER);
        BigInteger s = k.toBigInteger().add(e.multiply(SECRET.toBigInteger())).mod(Scalar.ORDER);
        byte[] expected = concat(r, fixed32(s));
        assertThat(Hex.encode(sig)).isEqualTo(Hex.encode(expected)).isEqualTo(PINNED_SCHNORR_G1);
        assertThat(sig).hasSize(80);

        Point pub = g.multiply(SECRET);
        schnorr.verify(pub, msg, sig);
        byte[] other = "jdrand dkg schnorX".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> schnorr.verify(pub, other, sig)).hasMessage("schnorr: signature does not verify");
        assertThatThrownBy(() -> schnorr.verify(pub, msg, Arrays.copyOf(sig, 79)))
                .hasMessage("schnorr: signature length 79 (expected 80)");
        byte[] bigS = sig.clone();
        System.arraycopy(fixed32(s.add(Scalar.ORDER).mod(BigInteger.ONE.shiftLeft(256))), 0, bigS, 48, 32);
        assertThatThrownBy(() -> schnorr.verify(pub, msg, bigS)).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void schnorrOnG2IsOneHundredTwentyEightBytes() {
        Schnorr schnorr = new Schnorr(BACKEND, Group.G2);
        byte[] sig = schnorr.sign(SECRET, new byte[32], new FixedRandom(3));
        assertThat(sig).hasSize(128);
        schnorr.verify(BACKEND.generator(Group.G2).multiply(SECRET), new byte[32], sig);
    }

    @Test
    void eciesMatchesHkdfAndAesGcmComputedByHand() throws Exception {
        for (Group group : Group.values()) {
            Point g = BACKEND.generator(group);
            Point recipient = g.multiply(SECRET);
            byte[] plaintext = Scalar.of(7).toBytes();
            byte[] ct = new Ecies(BACKEND, group).encrypt(recipient, plaintext, EPHEMERAL);

            byte[] r = g.multiply(EPHEMERAL).toBytes();
            byte[] dh = recipient.multiply(EPHEMERAL).toBytes();
            byte[] okm = hkdfSha256NoSaltNoInfo(dh, 44);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(okm, 32), "AES"),
                    new GCMParameterSpec(128, Arrays.copyOfRange(okm, 32, 44)));
            byte[] expected = concat(r, gcm.doFinal(plaintext));
            assertThat(Hex.encode(ct)).isEqualTo(Hex.encode(expected));
            assertThat(ct).hasSize(group.compressedSize() + 32 + 16);
            if (group == Group.G1) {
                assertThat(Hex.encode(ct)).isEqualTo(PINNED_ECIES_G1);
            }
            assertThat(new Ecies(BACKEND, group).decrypt(SECRET, ct)).isEqualTo(plaintext);
            byte[] tampered = ct.clone();
            tampered[tampered.length - 1] ^= 1;
            assertThatThrownBy(() -> new Ecies(BACKEND, group).decrypt(SECRET, tampered))
                    .hasMessage("ecies: authentication tag mismatch");
            assertThatThrownBy(() -> new Ecies(BACKEND, group).decrypt(SECRET.add(Scalar.ONE), ct))
                    .isInstanceOf(InvalidEncodingException.class);
        }
    }

    @Test
    void eciesIsTheSameOnThePureJavaBackend() {
        BlsBackend bc;
        try {
            bc = BlsBackends.bouncyCastle();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            Assumptions.abort("bouncycastle backend not available yet: " + e.getMessage());
            return;
        }
        for (Group group : Group.values()) {
            byte[] plaintext = Scalar.of(7).toBytes();
            byte[] viaBlst = new Ecies(BACKEND, group).encrypt(BACKEND.generator(group).multiply(SECRET), plaintext,
                    EPHEMERAL);
            assertThat(new Ecies(bc, group).encrypt(bc.generator(group).multiply(SECRET), plaintext, EPHEMERAL))
                    .isEqualTo(viaBlst);
        }
    }

    @Test
    void dealBundleHashFollowsTheKyberLayout() throws Exception {
        byte[] sid = DkgConfig.sessionId(1);
        byte[] c1 = filled(48, 0x11);
        byte[] c2 = filled(48, 0x22);
        DealBundle b = new DealBundle(3, List.of(c1, c2),
                List.of(new Deal(5, filled(3, 0xaa)), new Deal(1, filled(2, 0xbb))), sid, new byte[80]);
        byte[] expected = sha256(be32(3), c1, c2, be32(1), filled(2, 0xbb), be32(5), filled(3, 0xaa), sid);
        assertThat(Hex.encode(b.hash())).isEqualTo(Hex.encode(expected)).isEqualTo(PINNED_DEAL_HASH);
        assertThat(b.withSignature(filled(80, 1)).hash()).as("the signature is not hashed").isEqualTo(b.hash());
    }

    @Test
    void responseBundleHashFollowsTheKyberLayout() throws Exception {
        byte[] sid = DkgConfig.sessionId(1);
        ResponseBundle b = new ResponseBundle(2, List.of(new Response(4, false), new Response(0, true)), sid,
                new byte[0]);
        byte[] expected = sha256(be32(2), be32(0), new byte[] {1}, be32(4), new byte[] {0}, sid);
        assertThat(Hex.encode(b.hash())).isEqualTo(Hex.encode(expected)).isEqualTo(PINNED_RESPONSE_HASH);
    }

    @Test
    void justificationBundleHashFollowsTheKyberLayout() throws Exception {
        byte[] sid = DkgConfig.sessionId(1);
        byte[] s6 = Scalar.of(6).toBytes();
        byte[] s2 = Scalar.of(2).toBytes();
        JustificationBundle b = new JustificationBundle(1,
                List.of(new Justification(6, s6), new Justification(2, s2)), sid, new byte[0]);
        byte[] expected = sha256(be32(1), be32(2), s2, be32(6), s6, sid);
        assertThat(Hex.encode(b.hash())).isEqualTo(Hex.encode(expected)).isEqualTo(PINNED_JUSTIFICATION_HASH);
        assertThat(b.toString()).doesNotContain(Hex.encode(s6));
    }

    private static final String PINNED_SCHNORR_G1 = 
            "8cd59ec34210a37cc6ffba98097ea185eef7a8f809689497160ddbcecd32d5e7b3d59c3cedbee350fc1220f21896b45b"
            + "137fc0250d2cf19d1f285595274a424ffaaba86916cb46faa25ef7c2559796de";
    private static final String PINNED_ECIES_G1 = 
            "80aad94bb936142ea79d77a2387dcabdc2127e27847f03c2deb0f01abae329c903c049f80b82770d5b2bed92de83d8cf"
            + "7a043405d43a95564a5d2531314fe2cabf04d8bb4e273f8c5c4b245cb6ea3e1f2eab92e96aa0d01d5aa41d10fe03b7b9";
    private static final String PINNED_DEAL_HASH = "5d3646af8754df1978bde5ca290d3685d63867de4546b0fef831d0d046bda386";
    private static final String PINNED_RESPONSE_HASH = "dd8e63d666becdd868d785dea9f8445173964e12fdbad7a829da1ddbd5ebbb4b";
    private static final String PINNED_JUSTIFICATION_HASH = "55c0eba39c480992433d87371edba86ebeb55118b31c95943e35440774dd493a";

    /** RFC 5869 with an all-zero salt of hash length (what "no salt" means) and empty info. */
    private static byte[] hkdfSha256NoSaltNoInfo(byte[] ikm, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            mac.update(t);
            mac.update((byte) i);
            t = mac.doFinal();
            okm.write(t);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    private static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
