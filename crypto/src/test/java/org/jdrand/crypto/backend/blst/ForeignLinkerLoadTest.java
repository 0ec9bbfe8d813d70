package org.jdrand.crypto.backend.blst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.junit.jupiter.api.Test;

/** Which foreign linker backs the native map-to-curve on which JDK (see crypto/pom.xml's profiles). */
class ForeignLinkerLoadTest {
    private static final int FEATURE = Runtime.version().feature();

    @Test
    void theRunningJdkGetsItsOwnLinker() {
        // CI runs the suite on JDK 17 and on JDK 25; each build compiles the linker of its JDK
        String expected = FEATURE == 17 ? BlstNative.JDK17_LINKER : BlstNative.JDK22_LINKER;
        assertThat(FEATURE == 17 || FEATURE >= 22).as("JDK %d has a foreign-linker path", FEATURE).isTrue();
        assertThat(BlstNative.load(FEATURE).memory().getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void jdk18To21HaveNoLinker() {
        // 18 changed the incubator API, 19 removed the module, 19-21 have java.lang.foreign only as a preview
        for (int feature : new int[] {18, 19, 21}) {
            assertThatThrownBy(() -> BlstNative.load(feature)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("foreign linker: none for JDK " + feature + " (17 or 22+)");
        }
    }

    @Test
    void theOtherJdksLinkerIsUnusableHere() {
        int other = FEATURE == 17 ? 25 : 17;
        // a clean build does not even contain it ("not in this build"); a stale class fails to link
        assertThatThrownBy(() -> BlstNative.load(other)).isInstanceOfAny(UnsupportedOperationException.class, LinkageError.class);
    }

    @Test
    void nativeLinkerRoundTripsMemory() {
        ForeignLinker memory = BlstNative.load(FEATURE).memory();
        try (ForeignLinker.Frame frame = memory.frame()) {
            long a = frame.allocate(24);
            assertThat(memory.getLong(a + 16)).isZero(); // zeroed
            memory.copy(new long[] {1, -2, Long.MAX_VALUE}, a);
            memory.setLong(a + 8, 42);
            long[] back = new long[3];
            memory.copy(a, back);
            assertThat(back).containsExactly(1, 42, Long.MAX_VALUE);
            byte[] bytes = new byte[8];
            memory.copy(a, bytes);
            assertThat(bytes).containsExactly(1, 0, 0, 0, 0, 0, 0, 0); // little-endian limbs, as blst lays them out
        }
    }

    @Test
    void jvmFlagsPerJdk() {
        assertThat(BlsBackends.nativeJvmFlags(17))
                .containsExactly("--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED");
        for (int feature : List.of(18, 21, 22, 25)) {
            assertThat(BlsBackends.nativeJvmFlags(feature)).containsExactly("--enable-native-access=ALL-UNNAMED");
        }
        assertThatThrownBy(() -> BlsBackends.nativeJvmFlags(11)).hasMessage("jvm flags: JDK 11 (17 or newer)");
    }
}
