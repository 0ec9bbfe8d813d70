package org.jdrand.node.dkg;

import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyShare;

/** What the daemon does with a ceremony's result: the beacon side of a DKG. */
public interface BeaconHandoff {
    /**
     * A ceremony finished and its group and share are on disk: start the beacon at genesis
     * (epoch 1), or switch to the new group at its transition time (reshare).
     */
    void completed(String beaconId, Group group, KeyShare share, int epoch);

    /** This node leaves the group: stop the beacon just before {@code transitionTime} and delete its share. */
    void left(String beaconId, long transitionTime);
}
