package org.jdrand.dkg.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jdrand.crypto.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTimeTest {
    /** Vectors of drand v2.1.0 runtime values (drand-rs actions_signing.rs); the first is the spec's. */
    @ParameterizedTest
    @CsvSource({
        "1741744764, 594379669, 010000000edf62e17c236d8395ffff",
        "1741745624, 86180161, 010000000edf62e4d805230141ffff",
        "1741745738, 467268517, 010000000edf62e54a1bd9f3a5ffff",
        "1741745868, 483295650, 010000000edf62e5cc1cce81a2ffff",
        "1741745941, 752070485, 010000000edf62e6152cd3af55ffff",
        "1741746194, 656876372, 010000000edf62e71227272354ffff",
    })
    void marshalsLikeGoTimeMarshalBinaryInUtc(long seconds, int nanos, String hex) {
        assertThat(Hex.encode(GoTime.marshal(seconds, nanos))).isEqualTo(hex);
        assertThat(Hex.encode(GoTime.marshal(Instant.ofEpochSecond(seconds, nanos)))).isEqualTo(hex);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 010000000e7791f70000000000ffff", "-62135596800, 0, 01000000000000000000000000ffff"})
    void unixEpochAndYearOne(long seconds, int nanos, String hex) {
        assertThat(Hex.encode(GoTime.marshal(seconds, nanos))).isEqualTo(hex);
    }
}
