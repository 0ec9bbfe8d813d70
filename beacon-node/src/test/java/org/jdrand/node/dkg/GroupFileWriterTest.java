package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgResult;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer of a finished DKG's group and share files. */
class GroupFileWriterTest {
    private static final Bls BLS = new Bls(BlsBackends.blst());
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final Instant GENESIS = Instant.ofEpochSecond(1_800_000_000);
    private static final List<KeyPair> KEYS = List.of(key("a.example:4444"), key("b.example:4444"),
            key("c.example:4444"));
    private static final byte[] SEED = java.util.Arrays.copyOf(new byte[] {7, 7, 7}, 32);

    @TempDir
    Path dir;

    private static KeyPair key(String address) {
        return KeyPair.generate(BLS, SCHEME, address, new SecureRandom());
    }

    private static Participant participant(KeyPair kp) {
        return new Participant(kp.identity().address(), kp.identity().key().toBytes(), kp.identity().signature());
    }

    private static DkgEntry entry(int epoch, long transitionTime) {
        List<Participant> all = KEYS.stream().map(GroupFileWriterTest::participant).toList();
        return new DkgEntry("default", DkgState.EXECUTING, epoch, 2, GENESIS.minusSeconds(60), GENESIS,
                epoch == 1 ? new byte[0] : SEED, transitionTime, 3, 1, SCHEME.id(), all.get(0),
                epoch == 1 ? List.of() : all, epoch == 1 ? all : List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null, "");
    }

    /** This node holds index 1; nodes 0 and 2 qualified (node 1's own key is among them). */
    private static DkgResult result(List<Integer> qualified) {
        List<Point> commits = List.of(BLS.publicKey(SCHEME, Scalar.of(7)), BLS.publicKey(SCHEME, Scalar.of(8)));
        List<DkgNode> qual = qualified.stream().map(i -> new DkgNode(i, KEYS.get(i).identity().key())).toList();
        return new DkgResult(1, Scalar.of(9), commits, qual, Map.of(), Map.of());
    }

    @Test
    void theGroupListsTheQualifiedNodesUnderTheirProposalAddresses() {
        Group g = GroupFileWriter.group(entry(1, 0), result(List.of(0, 1)));
        assertThat(g.nodes()).extracting(m -> m.index() + "=" + m.identity().address())
                .containsExactly("0=a.example:4444", "1=b.example:4444");
        assertThat(g.threshold()).isEqualTo(2);
        assertThat(g.publicKey()).isEqualTo(BLS.publicKey(SCHEME, Scalar.of(7)));
    }

    @Test
    void theFirstEpochSwitchesAtGenesisWithTheGroupHashAsSeed() {
        Group g = GroupFileWriter.group(entry(1, 12345), result(List.of(0, 1, 2)));
        assertThat(g.transitionTime()).isEqualTo(GENESIS.getEpochSecond());
        assertThat(g.genesisSeed()).isEqualTo(g.hash());
    }

    @Test
    void aReshareKeepsTheSeedAndSwitchesAtTheTransitionTime() {
        Group g = GroupFileWriter.group(entry(2, GENESIS.getEpochSecond() + 300), result(List.of(0, 1, 2)));
        assertThat(g.transitionTime()).isEqualTo(GENESIS.getEpochSecond() + 300);
        assertThat(g.genesisSeed()).isEqualTo(SEED);
    }

    @Test
    void aQualifiedKeyOutsideTheProposalIsRefused() {
        DkgResult r = new DkgResult(0, Scalar.of(9), result(List.of(0)).commits(),
                List.of(new DkgNode(0, BLS.publicKey(SCHEME, Scalar.of(99)))), Map.of(), Map.of());
        assertThatThrownBy(() -> GroupFileWriter.group(entry(1, 0), r))
                .hasMessageContaining("is not in the proposal of epoch 1");
    }

    @Test
    void theWrittenFilesLoadBackAndTheShareIsOwnerOnly() throws Exception {
        GroupFileWriter.Written w = new GroupFileWriter(dir, BLS).write(entry(1, 0), result(List.of(0, 1, 2)));
        KeyStore ks = new KeyStore(dir, "default", BLS);
        assertThat(w.groupFile()).isEqualTo(ks.groupFile());
        assertThat(ks.loadGroup().hash()).isEqualTo(w.group().hash());
        assertThat(ks.loadShare().index()).isEqualTo(1);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.shareFile())))
                    .isEqualTo("rw-------");
        }
    }
}
