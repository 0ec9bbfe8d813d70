package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;

/** Body shapes against the spec's examples (http-api.md §3, §4, §9). */
class ApiJsonTest {
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static final ChainInfo MAINNET = new ChainInfo(Hex.decode("868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31"),
            "default", 30, Scheme.PEDERSEN_BLS_CHAINED, 1595431050L,
            Hex.decode("176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a"));

    @Test
    void mainnetInfoIsByteForByteTheSpecExample() {
        assertThat(text(ApiJson.infoV1(MAINNET))).isEqualTo("{\"public_key\":\"868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31\",\"period\":30,\"genesis_time\":1595431050,\"hash\":\"8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce\",\"groupHash\":\"176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a\",\"schemeID\":\"pedersen-bls-chained\",\"metadata\":{\"beaconID\":\"default\"}}");
    }

    @Test
    void quicknetRoundOneIsTheSpecExample() {
        ChainInfo quicknet = new ChainInfo(Hex.decode("83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"),
                "quicknet", 3, Scheme.BLS_UNCHAINED_G1_RFC9380, 1692803367L,
                Hex.decode("f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e"));
        Beacon r1 = new Beacon(1, Hex.decode("b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b"), null);
        assertThat(text(ApiJson.beaconV1(quicknet, r1))).isEqualTo("{\"round\":1,\"randomness\":\"1466a6cd24e327188770752f6134001c64d6efcc590ccc26b721611ad96f165a\",\"signature\":\"b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b\"}");
        assertThat(text(ApiJson.beaconV2(quicknet, r1))).isEqualTo("{\"round\":1,\"signature\":\"b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b\"}");
        assertThat(text(ApiJson.infoV2(quicknet))).isEqualTo("{\"public_key\":\"" + Hex.encode(quicknet.publicKey())
                + "\",\"period\":3,\"genesis_time\":1692803367,\"genesis_seed\":\"f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e\",\"chain_hash\":\"52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971\",\"scheme\":\"bls-unchained-g1-rfc9380\",\"beacon_id\":\"quicknet\"}");
        // unchained legacy: empty previous, kyber gid 21 for a G1 signature
        assertThat(text(ApiJson.beaconLegacy(quicknet, r1))).isEqualTo("{\"round\":1,\"previous\":\"\",\"randomness\":{\"gid\":21,\"point\":\"b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b\"}}");
    }

    @Test
    void unchainedNeverWritesPreviousSignatureEvenIfTheBeaconCarriesOne() {
        ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_UNCHAINED, "u", 3, 0, 1);
        Beacon b = new Beacon(5, new byte[96], new byte[96]);
        assertThat(text(ApiJson.beaconV1(info, b))).doesNotContain("previous");
        assertThat(text(ApiJson.beaconLegacy(info, b))).contains("\"previous\":\"\"", "\"gid\":22");
    }

    @Test
    void beaconIdsAreEscaped() {
        ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_UNCHAINED, "a\"b", 3, 0, 1);
        assertThat(text(ApiJson.infoV2(info))).contains("\"beacon_id\":\"a\\\"b\"");
    }
}
