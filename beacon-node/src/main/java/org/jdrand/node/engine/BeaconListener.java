package org.jdrand.node.engine;

import org.jdrand.crypto.chain.Beacon;

/** Told of each beacon once it is durably stored, in round order, on the engine thread: must not block. */
@FunctionalInterface
public interface BeaconListener {
    void onBeacon(Beacon beacon);
}
