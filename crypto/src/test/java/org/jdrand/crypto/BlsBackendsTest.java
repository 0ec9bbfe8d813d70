package org.jdrand.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlsBackendsTest {

    @Test
    void byNameKnowsBothBackendsCaseInsensitively() {
        assertThat(BlsBackends.byName("blst").name()).isEqualTo("blst");
        assertThat(BlsBackends.byName(" BLST ").name()).isEqualTo("blst");
        assertThat(BlsBackends.byName("bouncycastle").name()).isEqualTo("bouncycastle");
        assertThat(BlsBackends.byName("bc").name()).isEqualTo("bouncycastle");
        assertThatThrownBy(() -> BlsBackends.byName("mcl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blst or bouncycastle");
    }

    @Test
    void fromSystemPropertyDefaultsToBlstWithoutNotices() {
        // the property is not set in this test JVM (the fallback itself is tested on the jar: VerifyCommandIT)
        assertThat(System.getProperty(BlsBackends.PROPERTY)).isNull();
        List<String> notices = new ArrayList<>();
        assertThat(BlsBackends.fromSystemProperty(notices::add).name()).isEqualTo("blst");
        assertThat(notices).isEmpty();
    }
}
