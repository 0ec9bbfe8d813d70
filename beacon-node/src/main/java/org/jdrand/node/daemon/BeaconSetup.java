package org.jdrand.node.daemon;

import java.util.Objects;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.key.Group;
import org.jdrand.node.store.ChainStore;

/**
 * Everything needed to run one beacon ID: its group, this node's entry and share (both null for
 * a follower), its store and how to start.
 */
public record BeaconSetup(Group group, Group.Member self, PriShare share, ChainStore store, StartMode mode) {
    public BeaconSetup {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mode, "mode");
        if ((self == null) != (share == null)) {
            throw new IllegalArgumentException("beacon " + group.beaconId() + ": member entry and share go together");
        }
        if (share != null && share.index() != self.index()) {
            throw new IllegalArgumentException("beacon " + group.beaconId() + ": share index " + share.index()
                    + " (expected " + self.index() + " from the group file)");
        }
    }
}
