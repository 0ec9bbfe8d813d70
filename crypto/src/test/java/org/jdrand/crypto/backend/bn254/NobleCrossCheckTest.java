package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.crypto.testing.NodeJs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.crypto.testing.NodeJs;
import org.jdrand.crypto.testing.NodeJs.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Independent cross-check with npm @kevincharm/noble-bn254-drand (pinned with @noble/curves
 * 1.6.0 and @noble/hashes 1.5.0 in src/test/js/package-lock.json, installed by {@code npm ci}
 * into target/): it verifies evmnet-scheme signatures jdrand made for random keys and rounds (and
 * rejects them for a changed round) and a threshold-recovered group signature, and jdrand
 * verifies signatures it made.
 */
@Timeout(300)
class NobleCrossCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scheme EVMNET = Scheme.BLS_BN254_UNCHAINED_ON_G1;
    private static Path jsDir;

    @BeforeAll
    static void install() throws Exception {
        jsDir = NodeJs.install("crypto", "js-bn254", "crosscheck.mjs");
    }

    @Test
    void nobleVerifiesSignaturesJdrandMade() throws Exception {
        Bls bls = new Bls(BlsBackends.bn254());
        SecureRandom random = new SecureRandom();
        ArrayNode cases = JSON.createArrayNode();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Scalar secret = Scalar.random(random);
            long round = 1 + (random.nextLong() >>> 20);
            byte[] sig = bls.sign(EVMNET, secret, EVMNET.digest(null, round));
            String pk = Hex.encode(bls.publicKey(EVMNET, secret).toBytes());
            cases.addObject().put("public_key", pk).put("round", round).put("signature", Hex.encode(sig));
            expected.add(cases.size() - 1 + " valid");
            cases.addObject().put("public_key", pk).put("round", round + 1).put("signature", Hex.encode(sig));
            expected.add(cases.size() - 1 + " invalid");
        }
        // a group signature recovered from t = 3 of 5 partials (ThresholdBls over the bn254 backend)
        Bn254ThresholdTest.Dealt dealt = Bn254ThresholdTest.Dealt.of(3, 5, random);
        ThresholdBls tbls = new ThresholdBls(BlsBackends.bn254(), EVMNET);
        long round = 1 + (random.nextLong() >>> 20);
        byte[] msg = EVMNET.digest(null, round);
        List<byte[]> partials = new ArrayList<>();
        for (PriShare share : dealt.shares().subList(2, 5)) {
            partials.add(tbls.signPartial(share, msg));
        }
        String groupKey = Hex.encode(dealt.pubPoly().commit().toBytes());
        cases.addObject().put("public_key", groupKey).put("round", round)
                .put("signature", Hex.encode(tbls.recover(dealt.pubPoly(), msg, partials, 3)));
        expected.add(cases.size() - 1 + " valid");
        Path file = Files.createTempFile(jsDir, "cases", ".json");
        try {
            Files.writeString(file, JSON.writeValueAsString(cases));
            Result r = run(List.of("node", "crosscheck.mjs", "verify", file.toString()), jsDir, 120);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output().lines().toList()).containsExactlyElementsOf(expected);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void jdrandVerifiesSignaturesNobleMade() throws Exception {
        Result r = run(List.of("node", "crosscheck.mjs", "sign", "8"), jsDir, 120);
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode signed = JSON.readTree(r.output());
        assertThat(signed).hasSize(8);
        for (JsonNode s : signed) {
            BeaconVerifier v = new BeaconVerifier(BlsBackends.blst(), EVMNET, Hex.decode(s.get("public_key").asText()));
            long round = s.get("round").asLong();
            byte[] sig = Hex.decode(s.get("signature").asText());
            assertThat(v.isValid(new Beacon(round, sig, null))).as("noble signature of round %d", round).isTrue();
            assertThat(v.isValid(new Beacon(round + 1, sig, null))).isFalse();
        }
    }


}
