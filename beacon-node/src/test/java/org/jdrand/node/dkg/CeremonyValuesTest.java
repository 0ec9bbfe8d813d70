package org.jdrand.node.dkg;

import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdrand.crypto.Hex;
import org.jdrand.dkg.ceremony.DkgState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ceremony's values: signed bytes (through the dkg module), transition time and the persisted state file. */
class CeremonyValuesTest {
    @TempDir
    Path dir;

    private static final Participant A = new Participant("a:1", Hex.decode("aa"), Hex.decode("01"));
    private static final Participant B = new Participant("b:2", Hex.decode("bb"), Hex.decode("02"));

    private static DkgEntry terms() {
        return new DkgEntry("default", DkgState.PROPOSING, 1, 2, Instant.ofEpochSecond(1741744764, 594379669),
                Instant.ofEpochSecond(1800000000), new byte[0], 0, 3, 1, "pedersen-bls-chained", A, List.of(),
                List.of(A, B), List.of(), List.of(), List.of(), List.of(), null, null, "");
    }

    @Test
    void signedBytesFollowTheLayout() {
        byte[] msg = GossipSigning.message("default", new GossipPayload.Accept(B), terms().terms());
        String text = new String(msg, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("beaconID:default\nAccepted:b:2\nProposal:\ndefault\n\u0001\u0000\u0000\u0000\nLeader:a:1\n\u0001");
        assertThat(text).contains("\nScheme: pedersen-bls-chained\n").endsWith("\nJoiner:b:2\nSig:\u0002");
        assertThat(Hex.encode(msg)).contains("010000000edf62e17c236d8395ffff");
        // any change of the terms changes the signed bytes
        DkgEntry other = terms();
        assertThat(GossipSigning.message("default", new GossipPayload.Accept(B), other.terms())).isEqualTo(msg);
        assertThat(GossipSigning.message("default", new GossipPayload.Reject(B), other.terms())).isNotEqualTo(msg);
    }

    @Test
    void stateFileRoundTripsAndNukes() throws Exception {
        DkgStateFile file = new DkgStateFile(dir);
        DkgEntry cur = new DkgEntry("default", DkgState.EXECUTING, 1, 2, terms().timeout(), terms().genesisTime(),
                new byte[0], 0, 3, 1, "pedersen-bls-chained", A, List.of(), List.of(A, B), List.of(), List.of(B),
                List.of(), List.of(), Instant.ofEpochSecond(5, 7), null, "x");
        DkgEntry done = new DkgEntry("default", DkgState.COMPLETE, 1, 2, terms().timeout(), terms().genesisTime(),
                new byte[0], 0, 3, 1, "pedersen-bls-chained", A, List.of(), List.of(A, B), List.of(), List.of(),
                List.of(), List.of("a:1", "b:2"), null, null, "");
        file.save(Map.of("default", new DkgStateFile.Entries(cur, done)));
        Map<String, DkgStateFile.Entries> back = file.load();
        DkgEntry c = back.get("default").current();
        assertThat(c.state()).isEqualTo(DkgState.EXECUTING);
        assertThat(c.timeout()).isEqualTo(cur.timeout());
        assertThat(c.kickoff()).isEqualTo(Instant.ofEpochSecond(5, 7));
        assertThat(c.joining()).containsExactly(A, B);
        assertThat(c.acceptors()).containsExactly(B);
        assertThat(back.get("default").finished().finalGroup()).containsExactly("a:1", "b:2");
        assertThat(Files.readString(file.file())).contains("\"state\" : \"Executing\"");
        assertThat(file.delete("default")).isTrue();
        assertThat(file.load()).isEmpty();
    }

    @Test
    void unreadableStateFileSaysWhatToDo() throws Exception {
        Files.writeString(dir.resolve(DkgStateFile.FILE_NAME), "{not json");
        assertThatThrownBy(() -> new DkgStateFile(dir).load()).hasMessageContaining("dkg nuke");
    }

    @Test
    void transitionIsTenRoundsAfterKickoffExceptAtGenesis() {
        DkgEntry first = terms();
        assertThat(DkgProcess.transitionTime(first, Instant.ofEpochSecond(1)))
                .isEqualTo(first.genesisTime().getEpochSecond());
        DkgEntry second = new DkgEntry("default", DkgState.EXECUTING, 2, 2, first.timeout(), Instant.ofEpochSecond(1000),
                new byte[32], 0, 3, 0, "pedersen-bls-chained", A, List.of(A, B), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null, "");
        // kickoff at 1031: round 11 (1030..1032); transition = time of round 21 = 1000 + 20 * 3
        assertThat(DkgProcess.transitionTime(second, Instant.ofEpochSecond(1031))).isEqualTo(1060);
    }
}
