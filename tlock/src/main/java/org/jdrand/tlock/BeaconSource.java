package org.jdrand.tlock;

import java.io.IOException;
import org.jdrand.crypto.chain.Beacon;

/** Where decryption gets a round's beacon: a file (offline) or a drand HTTP endpoint. */
public interface BeaconSource {
    /**
     * The beacon of {@code round}; its signature is verified by the caller.
     *
     * @throws IOException when the source does not have it or cannot be reached
     */
    Beacon beacon(long round) throws IOException;
}
