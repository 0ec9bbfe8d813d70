package org.jdrand.tlock;

import java.io.IOException;
import java.util.Objects;
import org.jdrand.crypto.chain.Beacon;

/** One beacon given up front (a beacon JSON file): decryption needs exactly its round. */
public final class OfflineBeacons implements BeaconSource {
    private final Beacon beacon;

    public OfflineBeacons(Beacon beacon) {
        this.beacon = Objects.requireNonNull(beacon, "beacon");
    }

    @Override
    public Beacon beacon(long round) throws IOException {
        if (beacon.round() != round) {
            throw new IOException("beacon: round " + beacon.round() + " given (expected round " + round + ")");
        }
        return beacon;
    }
}
