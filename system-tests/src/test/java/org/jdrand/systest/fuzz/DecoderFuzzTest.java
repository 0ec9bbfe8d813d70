package org.jdrand.systest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.dkg.DkgStateFile;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyStore;

/**
 * Bad input at the node's edges, with Jazzer: every decoder either accepts the bytes (and then
 * round-trips them) or rejects them with its own checked or documented exception; anything else
 * (a runtime exception escaping, a hang, an out-of-memory) is a finding. A plain test run replays
 * the committed inputs under {@code src/test/resources/org/jdrand/systest/fuzz/DecoderFuzzTestInputs/}
 * (Jazzer's regression mode); {@code JAZZER_FUZZ=1} fuzzes (docs/RELIABILITY.md says how).
 */
class DecoderFuzzTest {
    private static final List<BlsBackend> BACKENDS = List.of(BlsBackends.bouncyCastle(), BlsBackends.blst());
    private static final Path FOLDER = folder();
    private static final KeyStore KEYS = new KeyStore(FOLDER, "default", new Bls(BlsBackends.bouncyCastle()));

    private static Path folder() {
        try {
            Path p = Files.createTempDirectory("jdrand-fuzz");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compressed G1 and G2 points, on both backends: both agree, and what decodes re-encodes to the input. */
    @FuzzTest(maxDuration = "30s")
    void pointDecoders(byte[] data) {
        for (Group g : Group.values()) {
            Boolean accepted = null;
            for (BlsBackend b : BACKENDS) {
                boolean ok;
                try {
                    Point p = b.decode(g, data);
                    assertThat(p.toBytes()).as(g + " round trip").isEqualTo(data);
                    ok = true;
                } catch (InvalidEncodingException e) {
                    ok = false;
                }
                if (accepted != null) {
                    assertThat(ok).as(g + ": both backends decide alike").isEqualTo(accepted);
                }
                accepted = ok;
            }
        }
    }

    /** 32-byte big-endian scalars below the group order, as in key and share files. */
    @FuzzTest(maxDuration = "30s")
    void scalarDecoder(byte[] data) {
        try {
            Scalar s = Scalar.fromBytes(data);
            assertThat(s.toBytes()).isEqualTo(data);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** drand_group.toml text. */
    @FuzzTest(maxDuration = "30s")
    void groupFile(byte[] data) {
        try {
            KEYS.parseGroup("fuzz", new String(data, java.nio.charset.StandardCharsets.UTF_8));
        } catch (KeyFileException e) {
            assertThat(e.getMessage()).startsWith("fuzz");
        }
    }

    /** dist_key.private bytes. */
    @FuzzTest(maxDuration = "30s")
    void shareFile(byte[] data) throws IOException {
        Files.createDirectories(KEYS.groupFolder());
        Files.write(KEYS.shareFile(), data);
        try {
            KEYS.loadShare();
        } catch (KeyFileException e) {
            assertThat(e.getMessage()).contains(KeyStore.SHARE_FILE);
        }
    }

    /** drand_id.private and drand_id.public bytes. */
    @FuzzTest(maxDuration = "30s")
    void keyPairFiles(byte[] data) throws IOException {
        Files.createDirectories(KEYS.keyFolder());
        Files.write(KEYS.privateKeyFile(), data);
        Files.write(KEYS.publicKeyFile(), data);
        try {
            KEYS.loadKeyPair();
        } catch (KeyFileException e) {
            assertThat(e.getMessage()).contains("drand_id.");
        }
    }

    /** The DKG state file (dkg.json). */
    @FuzzTest(maxDuration = "30s")
    void dkgStateFile(byte[] data) throws IOException {
        DkgStateFile f = new DkgStateFile(FOLDER.resolve("dkg"));
        Files.createDirectories(f.file().getParent());
        Files.write(f.file(), data);
        try {
            f.load();
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(DkgStateFile.FILE_NAME);
        }
    }
}
