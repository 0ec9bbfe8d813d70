package org.jdrand.dkg.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DkgStateTest {
    /** dkg.md §8, restated independently of the enum. */
    private static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("Fresh", "Proposing Proposed"),
            Map.entry("Proposing", "Executing Aborted TimedOut"),
            Map.entry("Proposed", "Accepted Rejected Joined Left Aborted TimedOut"),
            Map.entry("Accepted", "Executing Aborted TimedOut"),
            Map.entry("Rejected", "Aborted TimedOut"),
            Map.entry("Joined", "Left Executing Aborted TimedOut"),
            Map.entry("Executing", "Complete TimedOut Failed"),
            Map.entry("Complete", "Proposing Proposed"),
            Map.entry("Left", "Joined Aborted Proposed"),
            Map.entry("Aborted", "Proposing Proposed"),
            Map.entry("TimedOut", "Proposing Proposed Aborted"),
            Map.entry("Failed", "Proposing Proposed Left Aborted"));

    private static DkgState byName(String name) {
        return DkgState.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
    }

    @Test
    void numbersMatchDrand() {
        String order = "Fresh Proposed Proposing Accepted Rejected Aborted Executing Complete TimedOut Joined Left Failed";
        String[] names = order.split(" ");
        for (int i = 0; i < names.length; i++) {
            assertThat(byName(names[i]).number()).isEqualTo(i);
            assertThat(DkgState.fromNumber(i)).isEqualTo(byName(names[i]));
        }
        assertThatThrownBy(() -> DkgState.fromNumber(12)).hasMessage("dkg state: unknown number 12 (expected 0..11)");
    }

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        int valid = 0;
        for (Map.Entry<String, String> row : TABLE.entrySet()) {
            DkgState from = byName(row.getKey());
            Set<DkgState> allowed = Arrays.stream(row.getValue().split(" ")).map(DkgStateTest::byName)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(DkgState.class)));
            for (DkgState to : DkgState.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed.contains(to));
                if (allowed.contains(to)) {
                    from.checkMoveTo(to);
                    valid++;
                } else {
                    assertThatThrownBy(() -> from.checkMoveTo(to)).isInstanceOfSatisfying(CeremonyException.class,
                            e -> assertThat(e.reason()).isEqualTo(CeremonyException.Reason.INVALID_TRANSITION));
                }
            }
        }
        assertThat(valid).isEqualTo(37);
        assertThat(TABLE).hasSize(DkgState.values().length);
    }

    @Test
    void typicalInvalidTransitionsAreRefusedWithBothStates() {
        assertThatThrownBy(() -> DkgState.FRESH.checkMoveTo(DkgState.EXECUTING))
                .hasMessageStartingWith("dkg state: FRESH -> EXECUTING not allowed");
        assertThat(DkgState.COMPLETE.canMoveTo(DkgState.EXECUTING)).isFalse();
        assertThat(DkgState.EXECUTING.canMoveTo(DkgState.ACCEPTED)).isFalse();
        assertThat(DkgState.REJECTED.canMoveTo(DkgState.EXECUTING)).isFalse();
        assertThat(DkgState.COMPLETE.canMoveTo(DkgState.COMPLETE)).isFalse();
    }

    @Test
    void terminalStates() {
        assertThat(EnumSet.allOf(DkgState.class).stream().filter(DkgState::isTerminal))
                .containsExactlyInAnyOrder(DkgState.ABORTED, DkgState.TIMED_OUT, DkgState.FAILED);
    }

    @Test
    void drandNamesAreCapitalisedWithTimedOutInCamelCase() {
        assertThat(java.util.Arrays.stream(DkgState.values()).map(DkgState::drandName)).containsExactly("Fresh",
                "Proposed", "Proposing", "Accepted", "Rejected", "Aborted", "Executing", "Complete", "TimedOut",
                "Joined", "Left", "Failed");
    }

    @Test
    void aNewProposalMayStartOnlyWhenNothingIsInProgress() {
        assertThat(java.util.Arrays.stream(DkgState.values()).filter(DkgState::isIdle)).containsExactlyInAnyOrder(
                DkgState.FRESH, DkgState.COMPLETE, DkgState.LEFT, DkgState.ABORTED, DkgState.TIMED_OUT,
                DkgState.FAILED);
    }
}
