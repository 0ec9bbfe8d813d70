package org.jdrand.node.beacon;

import java.util.Collection;
import java.util.Optional;

/** The beacon processes of a daemon, by beacon ID ("default" for the unnamed one). */
public interface BeaconRegistry {
    Collection<BeaconProcess> beacons();

    Optional<BeaconProcess> byId(String beaconId);
}
