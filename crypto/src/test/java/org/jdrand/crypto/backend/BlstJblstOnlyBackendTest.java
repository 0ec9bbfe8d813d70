package org.jdrand.crypto.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.backend.blst.BlstBackend;
import org.junit.jupiter.api.Test;

/**
 * The blst backend without the foreign-linker hash: what runs where this build has no linker for
 * the running JDK (JDK 18–21, a JDK 17 build on 22+, a JDK 22+ build on 17) or the JVM denies it.
 */
class BlstJblstOnlyBackendTest extends BackendContractTest {
    private static final BlsBackend JBLST = new BlstBackend(false);

    @Override
    protected BlsBackend backend() {
        return JBLST;
    }

    @Override
    protected int[] tamperPositions(int length) {
        return IntStream.range(0, length).toArray();
    }

    @Test
    void staysOnJblst() {
        assertThat(JBLST.hashToCurvePath()).isEqualTo("jblst");
        assertThat(JBLST.hashToCurveNote()).contains("turned off");
    }

    @Test
    void thePropertyTurnsTheForeignPathOffThroughTheFactory() {
        String before = System.getProperty(BlsBackends.FOREIGN_PROPERTY);
        System.setProperty(BlsBackends.FOREIGN_PROPERTY, "false");
        try {
            BlsBackend b = BlsBackends.blst();
            assertThat(b.hashToCurvePath()).isEqualTo("jblst");
            assertThat(b.hashToCurveNote()).isEqualTo("native map-to-curve turned off by jdrand.bls.foreign=false");
        } finally {
            if (before == null) {
                System.clearProperty(BlsBackends.FOREIGN_PROPERTY);
            } else {
                System.setProperty(BlsBackends.FOREIGN_PROPERTY, before);
            }
        }
    }
}
