package org.jdrand.crypto.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.backend.blst.BlstBackend;
import org.junit.jupiter.api.Test;

/** The blst backend without the foreign-linker hash (what runs when the JVM lacks the incubator module). */
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
    }
}
