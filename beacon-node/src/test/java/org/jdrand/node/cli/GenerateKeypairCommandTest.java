package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateKeypairCommandTest {
    private static final Bls BLS = new Bls(BlsBackends.blst());

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesASelfSignedKeyPairAndPrintsOnlyPublicData() throws Exception {
        int code = run("generate-keypair", "127.0.0.1:4444", "--folder", folder.toString(), "--id", "quicknet",
                "--scheme", "bls-unchained-g1-rfc9380");
        assertThat(code).as(err.toString()).isZero();
        KeyStore ks = new KeyStore(folder, "quicknet", BLS);
        KeyPair kp = ks.loadKeyPair();
        assertThat(kp.scheme()).isEqualTo(Scheme.BLS_UNCHAINED_G1_RFC9380);
        assertThat(ks.loadIdentity().hasValidSignature(BLS)).isTrue();
        assertThat(ks.loadIdentity().address()).isEqualTo("127.0.0.1:4444");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.privateKeyFile()))).isEqualTo("rw-------");
        String printed = out.toString();
        assertThat(printed).contains("Public key file: " + ks.publicKeyFile())
                .contains("Key = \"" + Hex.encode(kp.identity().key().toBytes()) + "\"")
                .doesNotContain(Hex.encode(kp.secret().toBytes()));
        assertThat(err.toString()).doesNotContain(Hex.encode(kp.secret().toBytes()));
    }

    @Test
    void defaultsToTheDefaultBeaconIdAndChainedScheme() throws Exception {
        assertThat(run("generate-keypair", "node.example.org:443", "--folder", folder.toString())).isZero();
        KeyStore ks = new KeyStore(folder, "default", BLS);
        assertThat(Files.exists(folder.resolve("multibeacon/default/key/drand_id.public"))).isTrue();
        // SCHEME_ID may be set in the environment, as drand honours it
        String env = System.getenv().getOrDefault("SCHEME_ID", "");
        assertThat(ks.loadKeyPair().scheme()).isEqualTo(Scheme.byId(env));
    }

    @Test
    void refusesToOverwrite() throws Exception {
        assertThat(run("generate-keypair", "127.0.0.1:4444", "--folder", folder.toString())).isZero();
        String before = Files.readString(folder.resolve("multibeacon/default/key/drand_id.private"));
        assertThat(run("generate-keypair", "127.0.0.1:4444", "--folder", folder.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("a key pair already exists").contains("refusing to overwrite");
        assertThat(Files.readString(folder.resolve("multibeacon/default/key/drand_id.private"))).isEqualTo(before);
    }

    @Test
    void badArgumentsAreExplained() {
        assertThat(run("generate-keypair", "127.0.0.1", "--folder", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("address: \"127.0.0.1\" has no port (expected host:port)");
        assertThat(run("generate-keypair", "h:1", "--scheme", "bls-nope", "--folder", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("scheme: unknown ID \"bls-nope\"");
        assertThat(run("generate-keypair", "h:1", "--id", "a/b", "--folder", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("beacon ID \"a/b\"");
        assertThat(run("generate-keypair")).isEqualTo(2);
        assertThat(folder.resolve("multibeacon")).doesNotExist();
    }

    @Test
    void helpShowsAnExample() {
        assertThat(run("generate-keypair", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: jdrand generate-keypair").contains("Example:")
                .contains("jdrand generate-keypair --folder");
    }
}
