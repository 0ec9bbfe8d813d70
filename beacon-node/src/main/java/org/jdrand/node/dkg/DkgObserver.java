package org.jdrand.node.dkg;

import java.time.Instant;
import org.jdrand.dkg.ceremony.DkgState;

/**
 * Told of each ceremony state this node records (drand's DKGStateChange: at load and after every
 * command, packet or execution step), so metrics can show it. Called on the ceremony's owner
 * thread: must not block.
 */
@FunctionalInterface
public interface DkgObserver {
    DkgObserver NONE = (beaconId, state, epoch, leader, at) -> { };

    /**
     * @param leader this node leads the ceremony
     * @param at     when the state was recorded (the daemon's clock)
     */
    void stateChanged(String beaconId, DkgState state, int epoch, boolean leader, Instant at);
}
