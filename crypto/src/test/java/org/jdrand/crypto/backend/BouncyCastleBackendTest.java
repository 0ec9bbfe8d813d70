package org.jdrand.crypto.backend;

import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;

class BouncyCastleBackendTest extends BackendContractTest {
    private static final BlsBackend BC = BlsBackends.bouncyCastle();

    @Override
    protected BlsBackend backend() {
        return BC;
    }

    /** Bouncy Castle takes ~20 ms a verification: the first, a middle and the last byte. */
    @Override
    protected int[] tamperPositions(int length) {
        return new int[] {0, length / 2, length - 1};
    }
}
