package org.jdrand.node.cli.control;

import java.util.List;
import java.util.Optional;
import org.jdrand.dkg.ceremony.DkgState;

/** A beacon's current ceremony and its last finished one (dkg.DKGStatusResponse). */
public record CeremonyStatus(Entry current, Optional<Entry> finished) {

    /**
     * One ceremony as the daemon records it; the lists hold participants' addresses.
     *
     * @param genesisTime the genesis time in seconds, empty when the entry has none
     */
    public record Entry(String beaconId, DkgState state, int epoch, int threshold, String leader,
            Optional<Long> genesisTime, List<String> joining, List<String> remaining, List<String> leaving,
            List<String> acceptors, List<String> rejectors, List<String> finalGroup) {
        public Entry {
            joining = List.copyOf(joining);
            remaining = List.copyOf(remaining);
            leaving = List.copyOf(leaving);
            acceptors = List.copyOf(acceptors);
            rejectors = List.copyOf(rejectors);
            finalGroup = List.copyOf(finalGroup);
        }
    }
}
