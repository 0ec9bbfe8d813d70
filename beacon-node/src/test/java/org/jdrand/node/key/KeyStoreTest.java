package org.jdrand.node.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdrand.node.key.TestGroups.BLS;
import static org.jdrand.node.key.TestGroups.RANDOM;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyStoreTest {

    @TempDir
    Path base;

    static List<Scheme> schemes() {
        return Scheme.all();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static JsonNode toml(Path p) throws Exception {
        return new TomlMapper().readTree(Files.readString(p));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void keyPairRoundTripsInDrandsLayoutAndFormat(Scheme scheme) throws Exception {
        KeyStore ks = new KeyStore(base, "quicknet", BLS);
        KeyPair kp = KeyPair.generate(BLS, scheme, "127.0.0.1:4444", RANDOM);
        assertThat(kp.identity().hasValidSignature(BLS)).isTrue();
        ks.saveKeyPair(kp);

        Path priv = base.resolve("multibeacon/quicknet/key/drand_id.private");
        Path pub = base.resolve("multibeacon/quicknet/key/drand_id.public");
        assertThat(mode(priv)).isEqualTo("rw-------");
        assertThat(mode(base.resolve("multibeacon/quicknet/key"))).isEqualTo("rwx------");
        JsonNode p = toml(priv);
        assertThat(p.get("Key").asText()).hasSize(64).isEqualTo(Hex.encode(kp.secret().toBytes()));
        assertThat(p.get("SchemeName").asText()).isEqualTo(scheme.id());
        JsonNode q = toml(pub);
        assertThat(q.get("Address").asText()).isEqualTo("127.0.0.1:4444");
        assertThat(Hex.decode(q.get("Key").asText())).hasSize(scheme.publicKeySize());
        assertThat(Hex.decode(q.get("Signature").asText())).hasSize(scheme.signatureSize());
        assertThat(q.get("SchemeName").asText()).isEqualTo(scheme.id());

        KeyPair back = ks.loadKeyPair();
        assertThat(back.secret()).isEqualTo(kp.secret());
        assertThat(back.identity()).isEqualTo(kp.identity());
        assertThat(ks.loadIdentity().hasValidSignature(BLS)).isTrue();
        assertThat(back.toString()).contains("redacted").doesNotContain(Hex.encode(kp.secret().toBytes()));
    }

    @Test
    void refusesToOverwriteAKeyPair() throws Exception {
        KeyStore ks = new KeyStore(base, "", BLS);
        KeyPair first = KeyPair.generate(BLS, Scheme.DEFAULT, "a.example:1", RANDOM);
        ks.saveKeyPair(first);
        assertThat(ks.beaconId()).isEqualTo("default");
        assertThatThrownBy(() -> ks.saveKeyPair(KeyPair.generate(BLS, Scheme.DEFAULT, "a.example:1", RANDOM)))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("drand_id.private already exists (refusing to overwrite");
        assertThat(ks.loadKeyPair().secret()).isEqualTo(first.secret());
    }

    @Test
    void aStaleSelfSignatureIsRenewedOnLoad() throws Exception {
        KeyStore ks = new KeyStore(base, "default", BLS);
        KeyPair kp = KeyPair.generate(BLS, Scheme.DEFAULT, "h:1", RANDOM);
        ks.saveKeyPair(kp);
        Path pub = ks.publicKeyFile();
        String sig = Hex.encode(kp.identity().signature());
        Files.writeString(pub, Files.readString(pub).replace(sig, "c0" + "00".repeat(95)));
        assertThat(ks.loadIdentity().hasValidSignature(BLS)).isFalse();
        assertThat(ks.loadKeyPair().identity().hasValidSignature(BLS)).isTrue();
    }

    @Test
    void malformedKeyFilesGiveLocatedErrorsWithoutSecrets() throws Exception {
        KeyStore ks = new KeyStore(base, "default", BLS);
        KeyPair kp = KeyPair.generate(BLS, Scheme.DEFAULT, "h:1", RANDOM);
        ks.saveKeyPair(kp);
        String secretHex = Hex.encode(kp.secret().toBytes());
        String pub = Files.readString(ks.publicKeyFile());
        String key = Hex.encode(kp.identity().key().toBytes());

        Files.writeString(ks.privateKeyFile(), "Key = \"" + secretHex.substring(1) + "zz\"\nSchemeName = \"pedersen-bls-chained\"\n");
        assertThatThrownBy(ks::loadKeyPair).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("drand_id.private: Key: not valid hex (65 characters, value not shown)")
                .hasMessageNotContaining(secretHex.substring(1, 13));

        Files.writeString(ks.privateKeyFile(), "Key = \"" + "ff".repeat(32) + "\"\n");
        assertThatThrownBy(ks::loadKeyPair).hasMessageContaining("Key: not a valid scalar (32 bytes; expected 32 bytes below the group order)");

        Files.writeString(ks.privateKeyFile(), "Key = \"" + secretHex + "\nSchemeName = 3\n");
        assertThatThrownBy(ks::loadKeyPair).hasMessageContaining("drand_id.private: malformed TOML at line")
                .hasMessageNotContaining(secretHex.substring(0, 12));

        Files.writeString(ks.privateKeyFile(), "Key = \"" + secretHex + "\"\nSchemeName = \"bls-unknown\"\n");
        assertThatThrownBy(ks::loadKeyPair).hasMessageContaining("SchemeName: scheme: unknown ID \"bls-unknown\"");

        Files.writeString(ks.publicKeyFile(), pub.replace(key, key.substring(0, 94)));
        assertThatThrownBy(ks::loadIdentity).hasMessageContaining("drand_id.public: Key: ").hasMessageContaining("47")
                .hasMessageContaining("48");
        // compression bit cleared: always invalid (a changed x could, rarely, still be a valid point)
        Files.writeString(ks.publicKeyFile(), pub.replace(key, "1" + key.substring(1)));
        assertThatThrownBy(ks::loadIdentity).isInstanceOf(KeyFileException.class).hasMessageContaining("drand_id.public: Key: ");
        Files.writeString(ks.publicKeyFile(), pub.replace("h:1", "nohost"));
        assertThatThrownBy(ks::loadIdentity).hasMessageContaining("drand_id.public: Address: address: \"nohost\" has no port");
        Files.delete(ks.publicKeyFile());
        assertThatThrownBy(ks::loadIdentity).hasMessageContaining("drand_id.public: not found");
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void groupRoundTripsInDrandsFormat(Scheme scheme) throws Exception {
        KeyStore ks = new KeyStore(base, "mychain", BLS);
        Group g = TestGroups.group(scheme, 5, 3, "mychain", 0);
        ks.saveGroup(g);
        String text = Files.readString(ks.groupFile());
        assertThat(text).contains("Threshold = 3\n", "Period = \"3s\"\n", "CatchupPeriod = \"1s\"\n",
                "GenesisTime = 1700000000\n", "SchemeID = \"" + scheme.id() + "\"", "ID = \"mychain\"", "[[Nodes]]",
                "[PublicKey]", "Coefficients = [").doesNotContain("TransitionTime");
        assertThat(ks.loadGroup()).isEqualTo(g);
        assertThat(ks.loadGroup().hash()).isEqualTo(g.hash());

        Group withTransition = TestGroups.group(scheme, 3, 2, "mychain", 1_700_000_000L);
        ks.saveGroup(withTransition);
        assertThat(Files.readString(ks.groupFile())).contains("TransitionTime = 1700000000\n");
        assertThat(ks.loadGroup()).isEqualTo(withTransition);
    }

    @Test
    void readsAGroupFileAsDrandWritesIt() throws Exception {
        KeyStore ks = new KeyStore(base, "default", BLS);
        Group g = TestGroups.group(Scheme.DEFAULT, 3, 2, "", 0);
        StringBuilder sb = new StringBuilder();
        sb.append("Threshold = 2\nPeriod = \"30s\"\nCatchupPeriod = \"0s\"\nGenesisTime = 1700000000\n")
                .append("GenesisSeed = \"").append(Hex.encode(g.genesisSeed())).append("\"\n")
                .append("SchemeID = \"pedersen-bls-chained\"\nID = \"\"\n");
        for (Group.Member m : g.nodes()) {
            sb.append("\n[[Nodes]]\n  Address = \"").append(m.identity().address()).append("\"\n")
                    .append("  Key = \"").append(Hex.encode(m.identity().key().toBytes())).append("\"\n")
                    .append("  TLS = true\n") // v1 field: tolerated
                    .append("  Signature = \"").append(Hex.encode(m.identity().signature())).append("\"\n")
                    .append("  Index = ").append(m.index()).append('\n');
        }
        sb.append("\n[PublicKey]\n  Coefficients = [");
        for (Point c : g.publicCoefficients()) {
            sb.append('"').append(Hex.encode(c.toBytes())).append("\", ");
        }
        sb.append("]\n");
        Group back = ks.parseGroup("drand_group.toml", sb.toString());
        assertThat(back.beaconId()).isEqualTo("default");
        assertThat(back.period()).hasSeconds(30);
        assertThat(back.genesisSeed()).isEqualTo(g.genesisSeed());
        assertThat(back.nodes()).extracting(Group.Member::identity).isEqualTo(g.nodes().stream().map(Group.Member::identity).toList());
    }

    @Test
    void malformedGroupFilesGiveLocatedErrors() throws Exception {
        KeyStore ks = new KeyStore(base, "default", BLS);
        Group g = TestGroups.group(Scheme.DEFAULT, 3, 2, "", 0);
        ks.saveGroup(g);
        String text = Files.readString(ks.groupFile());
        String key1 = Hex.encode(g.nodes().get(1).identity().key().toBytes());
        String coeff1 = Hex.encode(g.publicCoefficients().get(1).toBytes());

        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace(key1, key1.substring(1))))
                .hasMessageContaining("g.toml: Nodes[1].Key: hex: odd length 95");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace(coeff1, "c0" + coeff1.substring(2))))
                .hasMessageContaining("g.toml: PublicKey.Coefficients[1]: ");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace("Threshold = 2", "Threshold = 1")))
                .hasMessageContaining("g.toml: group: threshold 1 (expected 2..3 for 3 nodes)");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace("Period = \"3s\"", "Period = 3")))
                .hasMessageContaining("g.toml: Period: number (expected a string)");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace("Period = \"3s\"", "Period = \"3 seconds\"")))
                .hasMessageContaining("g.toml: Period: duration: \"3 seconds\" (expected a Go duration");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace("[PublicKey]", "[Other]")))
                .hasMessageContaining("g.toml: PublicKey: missing (expected a table)");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", "Threshold = [")).hasMessageContaining("g.toml: malformed TOML at line 1");
        assertThatThrownBy(() -> ks.parseGroup("g.toml", text.replace("Index = 2", "Index = 1")))
                .hasMessageContaining("node index 1 used twice");
    }

    @Test
    void shareRoundTripsWithMode0600() throws Exception {
        KeyStore ks = new KeyStore(base, "default", BLS);
        Scalar secret = Scalar.random(RANDOM);
        KeyShare share = new KeyShare(2, secret, TestGroups.coefficients(Scheme.DEFAULT, 3), Scheme.DEFAULT);
        ks.saveShare(share);
        assertThat(mode(ks.shareFile())).isEqualTo("rw-------");
        JsonNode t = toml(ks.shareFile());
        assertThat(t.get("Index").asInt()).isEqualTo(2);
        assertThat(t.get("Share").asText()).isEqualTo(Hex.encode(secret.toBytes()));
        assertThat(t.get("Commits")).hasSize(3);
        assertThat(t.get("SchemeName").asText()).isEqualTo("pedersen-bls-chained");
        assertThat(ks.loadShare()).isEqualTo(share);
        assertThat(share.toString()).doesNotContain(Hex.encode(secret.toBytes()));
        // replaced atomically on reshare, still 0600
        KeyShare next = new KeyShare(0, Scalar.random(RANDOM), TestGroups.coefficients(Scheme.DEFAULT, 2), Scheme.DEFAULT);
        ks.saveShare(next);
        assertThat(ks.loadShare()).isEqualTo(next);
        assertThat(mode(ks.shareFile())).isEqualTo("rw-------");
        try (var files = Files.list(ks.groupFolder())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dist_key.private");
        }
    }

    @Test
    void listsBeaconIdsAndRejectsUnsafeOnes() throws Exception {
        new KeyStore(base, "default", BLS).saveKeyPair(KeyPair.generate(BLS, Scheme.DEFAULT, "h:1", RANDOM));
        new KeyStore(base, "quicknet", BLS).saveKeyPair(
                KeyPair.generate(BLS, Scheme.BLS_UNCHAINED_G1_RFC9380, "h:1", RANDOM));
        assertThat(KeyStore.beaconIds(base)).containsExactly("default", "quicknet");
        assertThatThrownBy(() -> new KeyStore(base, "../etc", BLS)).hasMessageContaining("beacon ID \"../etc\"");
    }
}
