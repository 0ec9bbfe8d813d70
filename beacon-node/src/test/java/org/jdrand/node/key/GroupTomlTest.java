package org.jdrand.node.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;

/** The group file's TOML, in the one place that maps it. */
class GroupTomlTest {

    @Test
    void aGroupSurvivesItsTomlWithItsHash() throws Exception {
        Group g = TestGroups.group(Scheme.BLS_UNCHAINED_G1_RFC9380, 4, 3, "quicknet", 1_700_000_300L);
        String text = GroupToml.format(g);
        assertThat(text).contains("TransitionTime = 1700000300", "[[Nodes]]", "[PublicKey]", "ID = \"quicknet\"");
        Group back = GroupToml.parse("g.toml", text, TestGroups.BLS);
        assertThat(back).isEqualTo(g);
        assertThat(back.hash()).isEqualTo(g.hash());
    }

    @Test
    void noTransitionTimeIsWrittenForTheFirstEpoch() {
        Group g = TestGroups.group(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "", 0);
        assertThat(GroupToml.format(g)).doesNotContain("TransitionTime");
    }

    @Test
    void errorsNameTheSourceAndTheField() {
        Group g = TestGroups.group(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "", 0);
        String text = GroupToml.format(g);
        assertThatThrownBy(() -> GroupToml.parse("from the daemon", text.replace("Threshold = 2", "Threshold = \"2\""),
                TestGroups.BLS)).hasMessage("from the daemon: Threshold: \"2\" (expected an integer)");
        assertThatThrownBy(() -> GroupToml.parse("g.toml", text.replace("SchemeID = \"pedersen-bls-chained\"",
                "SchemeID = \"nope\""), TestGroups.BLS)).hasMessageStartingWith("g.toml: SchemeID: ");
        assertThatThrownBy(() -> GroupToml.parse("g.toml", " ", TestGroups.BLS))
                .hasMessage("g.toml: empty file (expected drand's TOML format)");
    }
}
