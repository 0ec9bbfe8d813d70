package org.jdrand.crypto.backend;

import java.util.stream.IntStream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;

class BlstBackendTest extends BackendContractTest {
    private static final BlsBackend BLST = BlsBackends.blst();

    @Override
    protected BlsBackend backend() {
        return BLST;
    }

    @Override
    protected int[] tamperPositions(int length) {
        return IntStream.range(0, length).toArray();
    }
}
