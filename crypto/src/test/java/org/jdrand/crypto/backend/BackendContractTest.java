package org.jdrand.crypto.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.KnownAnswers;
import org.jdrand.crypto.KnownAnswers.Chain;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.Identity;
import org.jdrand.crypto.chain.InvalidBeaconException;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The suite every BLS backend must pass, over the same known answers: real League of Entropy
 * beacons, the intermediate vectors, encodings, BLS and threshold BLS.
 */
public abstract class BackendContractTest {

    protected abstract BlsBackend backend();

    /** Byte positions to tamper with in a value of {@code length} bytes (all of them for fast backends). */
    protected abstract int[] tamperPositions(int length);

    static List<Chain> chains() {
        return KnownAnswers.chainsWithBeacons();
    }

    /** The BLS12-381 schemes (the bn254 backend has its own tests in backend.bn254). */
    static List<Scheme> schemes() {
        return Scheme.all().stream().filter(s -> !s.isBn254()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void everyKnownBeaconVerifies(Chain chain) {
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        for (Beacon b : chain.beacons()) {
            assertThat(v.isValid(b)).as("round %d", b.round()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void anyChangedSignatureByteFails(Chain chain) {
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        for (Beacon b : chain.beacons()) {
            byte[] sig = b.signature();
            for (int i : tamperPositions(sig.length)) {
                byte[] t = sig.clone();
                t[i] ^= 0x01;
                assertThat(v.isValid(new Beacon(b.round(), t, b.previousSignature())))
                        .as("round %d byte %d", b.round(), i).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void changedRoundFails(Chain chain) {
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        for (Beacon b : chain.beacons()) {
            for (long r : new long[] {b.round() + 1, b.round() - 1, b.round() ^ (1L << 40)}) {
                if (r > 0) {
                    assertThat(v.isValid(new Beacon(r, b.signature(), b.previousSignature()))).as("round %d as %d", b.round(), r).isFalse();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void changedPreviousSignatureFails(Chain chain) {
        if (!chain.scheme().chained()) {
            return;
        }
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        for (Beacon b : chain.beacons()) {
            byte[] prev = b.previousSignature();
            for (int i : tamperPositions(prev.length)) {
                byte[] t = prev.clone();
                t[i] ^= (byte) 0x80;
                assertThat(v.isValid(new Beacon(b.round(), b.signature(), t))).as("round %d prev byte %d", b.round(), i).isFalse();
            }
            assertThatThrownBy(() -> v.check(new Beacon(b.round(), b.signature(), null)))
                    .isInstanceOf(InvalidBeaconException.class).hasMessageContaining("missing previous signature");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void batchAcceptsTheChainAndNamesATamperedRound(Chain chain) {
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        List<Beacon> beacons = chain.beacons();
        assertThat(v.isValidBatch(beacons)).isTrue();
        assertThat(v.invalidRounds(beacons)).isEmpty();
        if (beacons.size() < 2) {
            return;
        }
        List<Beacon> tampered = new ArrayList<>(beacons);
        Beacon last = beacons.get(beacons.size() - 1);
        tampered.set(beacons.size() - 1, new Beacon(last.round(), beacons.get(0).signature(), last.previousSignature()));
        Beacon first = beacons.get(0);
        tampered.set(0, new Beacon(first.round() + 7, first.signature(), first.previousSignature()));
        assertThat(v.isValidBatch(tampered)).isFalse();
        assertThat(v.invalidRounds(tampered)).containsExactly(first.round() + 7, last.round());
    }

    @Test
    void checkSaysWhy() {
        Chain chain = chains().get(0);
        BeaconVerifier v = BeaconVerifier.forChain(backend(), chain.info());
        Beacon b = chain.beacons().get(1);
        assertThatThrownBy(() -> v.check(new Beacon(b.round() + 1, b.signature(), b.previousSignature())))
                .isInstanceOf(InvalidBeaconException.class)
                .hasMessageStartingWith("beacon: round " + (b.round() + 1) + ": invalid signature");
        assertThatThrownBy(() -> v.check(new Beacon(b.round(), new byte[5], b.previousSignature())))
                .hasMessageContaining("malformed signature").hasMessageContaining("length 5");
        assertThatThrownBy(() -> v.check(new Beacon(b.round(), ZcashEncoding.infinity(Group.G2), b.previousSignature())))
                .hasMessageContaining("infinity");
        assertThatThrownBy(() -> v.check(Beacon.genesis(chain.groupHash()))).hasMessageContaining("genesis");
    }

    @Test
    void intermediateVectorsMatch() {
        BlsBackend be = backend();
        assertThat(Hex.encode(be.generator(Group.G1).toBytes())).isEqualTo(KnownAnswers.intermediate("BLS12-381 G1 generator"));
        byte[] seed = Hex.decode("176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a");
        byte[] m1 = Scheme.PEDERSEN_BLS_CHAINED.digest(seed, 1);
        assertThat(Hex.encode(m1)).isEqualTo(KnownAnswers.intermediate("mainnet-default round 1 message"));
        assertThat(Hex.encode(be.hashToCurve(Group.G2, m1, Scheme.DST_G2.getBytes()).toBytes()))
                .isEqualTo(KnownAnswers.intermediate("mainnet-default round 1 hash_to_curve"));
        byte[] q1 = Scheme.BLS_UNCHAINED_G1_RFC9380.digest(null, 1);
        assertThat(Hex.encode(q1)).isEqualTo(KnownAnswers.intermediate("quicknet round 1 message"));
        assertThat(Hex.encode(be.hashToCurve(Group.G1, q1, Scheme.DST_G1.getBytes()).toBytes()))
                .isEqualTo(KnownAnswers.intermediate("quicknet round 1 hash_to_curve"));
        byte[] q1000 = Scheme.BLS_UNCHAINED_G1_RFC9380.digest(null, 1000);
        assertThat(Hex.encode(q1000)).isEqualTo(KnownAnswers.intermediate("quicknet round 1000 message"));
        assertThat(Hex.encode(be.hashToCurve(Group.G1, q1000, Scheme.DST_G1.getBytes()).toBytes()))
                .isEqualTo(KnownAnswers.intermediate("quicknet round 1000 hash_to_curve"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void signVerifyRoundTripAndRejections(Scheme scheme) {
        Bls bls = new Bls(backend());
        SecureRandom rnd = new SecureRandom();
        Scalar x = Scalar.random(rnd);
        Point pk = bls.publicKey(scheme, x);
        byte[] msg = scheme.digest(new byte[96], 42);
        byte[] sig = bls.sign(scheme, x, msg);
        assertThat(sig).hasSize(scheme.signatureGroup().compressedSize());
        assertThat(bls.verify(scheme, pk, msg, sig)).isTrue();
        assertThat(bls.verify(scheme, pk, scheme.digest(new byte[96], 43), sig)).isFalse();
        assertThat(bls.verify(scheme, bls.publicKey(scheme, Scalar.random(rnd)), msg, sig)).isFalse();
        Point inf = backend().infinity(scheme.keyGroup());
        byte[] infSig = ZcashEncoding.infinity(scheme.signatureGroup());
        assertThat(bls.verify(scheme, inf, msg, infSig)).as("infinity key and signature").isFalse();
        assertThat(bls.verify(scheme, pk, msg, infSig)).isFalse();
        assertThat(bls.verify(scheme, pk, msg, new byte[3])).isFalse();
        assertThat(bls.verify(scheme, inf, msg, sig)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void thresholdRecoverFromAnyThresholdSubset(Scheme scheme) {
        SecureRandom rnd = new SecureRandom();
        int n = 5;
        int t = 3;
        PriPoly poly = PriPoly.random(t, rnd);
        PubPoly pub = poly.commit(backend(), scheme.keyGroup());
        ThresholdBls tbls = new ThresholdBls(backend(), scheme);
        byte[] msg = scheme.digest(new byte[32], 7);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare s : poly.shares(n)) {
            byte[] p = tbls.signPartial(s, msg);
            assertThat(p).hasSize(scheme.partialSize());
            assertThat(tbls.verifyPartial(pub, msg, p)).isTrue();
            partials.add(p);
        }
        byte[] expected = new Bls(backend()).sign(scheme, poly.secret(), msg);
        assertThat(tbls.recover(pub, msg, partials.subList(0, t), t)).isEqualTo(expected);
        assertThat(tbls.recover(pub, msg, partials.subList(n - t, n), t)).isEqualTo(expected);
        assertThat(tbls.recover(pub, msg, partials, t)).isEqualTo(expected);
        assertThat(tbls.invalidPartials(pub, msg, partials)).isEmpty();
        assertThatThrownBy(() -> tbls.recover(pub, msg, partials.subList(0, t - 1), t))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold 3");

        // a partial signed with a share of another polynomial, and a duplicate, do not count
        byte[] wrong = tbls.signPartial(PriPoly.random(t, rnd).share(1), msg);
        assertThat(tbls.verifyPartial(pub, msg, wrong)).isFalse();
        List<byte[]> mixed = List.of(partials.get(0), wrong, partials.get(0), new byte[7], partials.get(2));
        assertThat(tbls.invalidPartials(pub, msg, mixed)).containsExactly(1, 3);
        assertThatThrownBy(() -> tbls.recover(pub, msg, mixed, t)).hasMessageContaining("2 valid partials");
        List<byte[]> enough = List.of(wrong, partials.get(4), partials.get(0), partials.get(2));
        assertThat(tbls.recover(pub, msg, enough, t)).isEqualTo(expected);
    }

    @Test
    void rfc9380HashToCurveVectors() throws java.io.IOException {
        JsonNode root;
        try (var in = BackendContractTest.class.getResourceAsStream("/rfc9380-hash-to-curve.json")) {
            root = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode suite : root.get("suites")) {
            Group g = Group.valueOf(suite.get("group").asText());
            byte[] dst = suite.get("dst").asText().getBytes(StandardCharsets.US_ASCII);
            for (JsonNode v : suite.get("vectors")) {
                byte[] expected = g == Group.G1
                        ? Points.compressG1(big(v, "P.x"), big(v, "P.y"))
                        : Points.compressG2(big(v, "P.x.c0"), big(v, "P.x.c1"), big(v, "P.y.c0"), big(v, "P.y.c1"));
                byte[] msg = v.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
                assertThat(Hex.encode(backend().hashToCurve(g, msg, dst).toBytes()))
                        .as("%s msg %s", suite.get("suite").asText(), v.get("msg").asText().substring(0, Math.min(8, msg.length)))
                        .isEqualTo(Hex.encode(expected));
                // the batch path's hash too (blst's own maps with the clearing deferred, on the foreign linker)
                assertThat(Hex.encode(backend().hashToCurveDeferred(g, msg, dst).point().toBytes()))
                        .as("deferred %s msg %s", suite.get("suite").asText(), v.get("msg").asText().substring(0, Math.min(8, msg.length)))
                        .isEqualTo(Hex.encode(expected));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(10);
    }

    private static BigInteger big(JsonNode v, String field) {
        return new BigInteger(v.get(field).asText(), 16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void identitySelfSignature(Scheme scheme) {
        Bls bls = new Bls(backend());
        Scalar x = Scalar.random(new SecureRandom());
        byte[] pk = bls.publicKey(scheme, x).toBytes();
        byte[] sig = Identity.selfSign(bls, scheme, x);
        assertThat(sig).hasSize(scheme.signatureGroup().compressedSize());
        assertThat(Identity.isValidSelfSignature(bls, scheme, pk, sig)).isTrue();
        assertThat(new Bls(backend()).verify(scheme, bls.publicKey(scheme, x),
                Identity.selfSignMessage(scheme, pk), sig)).isTrue();
        Scheme other = scheme == Scheme.PEDERSEN_BLS_CHAINED ? Scheme.PEDERSEN_BLS_UNCHAINED
                : scheme == Scheme.PEDERSEN_BLS_UNCHAINED ? Scheme.PEDERSEN_BLS_CHAINED
                : scheme == Scheme.BLS_UNCHAINED_G1_RFC9380 ? Scheme.BLS_UNCHAINED_ON_G1 : Scheme.BLS_UNCHAINED_G1_RFC9380;
        assertThat(Identity.isValidSelfSignature(bls, other, pk, sig)).as("signed for another scheme").isFalse();
        byte[] otherKey = bls.publicKey(scheme, Scalar.random(new SecureRandom())).toBytes();
        assertThat(Identity.isValidSelfSignature(bls, scheme, otherKey, sig)).isFalse();
        assertThat(Identity.isValidSelfSignature(bls, scheme, new byte[5], sig)).isFalse();
    }

    @Test
    void codecRejectsNonCanonicalOffCurveAndOutsideSubgroup() {
        BlsBackend be = backend();
        // x = p, and x = p + 1 in either half of a G2 abscissa
        assertThatThrownBy(() -> be.decode(Group.G1, Points.withX(Group.G1, Points.P, BigInteger.ZERO, false)))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not below the field modulus");
        assertThatThrownBy(() -> be.decode(Group.G2, Points.withX(Group.G2, Points.P.add(BigInteger.ONE), BigInteger.ONE, false)))
                .hasMessageContaining("x.c0 not below");
        assertThatThrownBy(() -> be.decode(Group.G2, Points.withX(Group.G2, BigInteger.ONE, Points.P, true)))
                .hasMessageContaining("x.c1 not below");
        for (Group g : Group.values()) {
            BigInteger offCurve = null;
            BigInteger onCurve = null;
            for (BigInteger x = BigInteger.ONE; offCurve == null || onCurve == null; x = x.add(BigInteger.ONE)) {
                boolean has = g == Group.G1 ? Points.g1HasPoint(x) : Points.g2HasPoint(x, BigInteger.ONE);
                if (has && onCurve == null) {
                    onCurve = x;
                } else if (!has && offCurve == null) {
                    offCurve = x;
                }
            }
            byte[] off = Points.withX(g, offCurve, BigInteger.ONE, false);
            assertThatThrownBy(() -> be.decode(g, off)).as("%s off curve", g)
                    .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not on the curve");
            for (boolean sort : new boolean[] {false, true}) {
                byte[] outside = Points.withX(g, onCurve, BigInteger.ONE, sort);
                assertThatThrownBy(() -> be.decode(g, outside)).as("%s outside the subgroup", g)
                        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not in the prime-order subgroup");
            }
        }
    }

    @Test
    void decodeRoundTripsAndRejectsBadLengthAndFlags() {
        BlsBackend be = backend();
        for (Group g : Group.values()) {
            Point p = be.generator(g).multiply(Scalar.random(new SecureRandom()));
            byte[] enc = p.toBytes();
            assertThat(be.decode(g, enc)).isEqualTo(p);
            assertThat(be.decode(g, ZcashEncoding.infinity(g)).isInfinity()).isTrue();
            assertThat(be.infinity(g).toBytes()).isEqualTo(ZcashEncoding.infinity(g));
            assertThatThrownBy(() -> be.decode(g, java.util.Arrays.copyOf(enc, enc.length - 1)))
                    .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("length");
            byte[] uncompressed = enc.clone();
            uncompressed[0] &= 0x7f;
            assertThatThrownBy(() -> be.decode(g, uncompressed)).hasMessageContaining("compression flag");
            byte[] badInf = ZcashEncoding.infinity(g);
            badInf[0] |= 0x20;
            assertThatThrownBy(() -> be.decode(g, badInf)).hasMessageContaining("infinity");
            byte[] badInf2 = ZcashEncoding.infinity(g);
            badInf2[badInf2.length - 1] = 1;
            assertThatThrownBy(() -> be.decode(g, badInf2)).hasMessageContaining("infinity");
            byte[] infNoCompression = new byte[g.compressedSize()];
            infNoCompression[0] = 0x40;
            assertThatThrownBy(() -> be.decode(g, infNoCompression)).hasMessageContaining("compression flag");
            byte[] flippedSort = enc.clone();
            flippedSort[0] ^= 0x20;
            assertThat(be.decode(g, flippedSort)).isEqualTo(p.negate());
        }
    }
}
