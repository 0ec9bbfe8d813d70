package org.jdrand.node.dkg;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdrand.dkg.ceremony.Participant;

/** An operator's ceremony command (drand's dkg.DKGCommand), as the control adapter decodes it. */
public sealed interface DkgCommand {
    String beaconId();

    /** {@code dkg init}: the first ceremony of a beacon ID, led by this node. */
    record Initial(String beaconId, String scheme, int periodSeconds, int threshold, Instant timeout,
            Instant genesisTime, int catchupPeriodSeconds, List<Participant> joining) implements DkgCommand {
        public Initial {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(genesisTime, "genesisTime");
            joining = List.copyOf(joining);
        }
    }

    /** {@code dkg reshare}: a new epoch of a finished group, led by this node. */
    record Resharing(String beaconId, int threshold, Instant timeout, int catchupPeriodSeconds,
            List<Participant> joining, List<Participant> remaining, List<Participant> leaving) implements DkgCommand {
        public Resharing {
            Objects.requireNonNull(timeout, "timeout");
            joining = List.copyOf(joining);
            remaining = List.copyOf(remaining);
            leaving = List.copyOf(leaving);
        }
    }

    /** @param groupToml the current group file a joiner of a reshare gives, else empty */
    record Join(String beaconId, String groupToml) implements DkgCommand {
        public Join {
            groupToml = groupToml == null ? "" : groupToml;
        }
    }

    record Accept(String beaconId) implements DkgCommand {}

    record Reject(String beaconId) implements DkgCommand {}

    record Execute(String beaconId) implements DkgCommand {}

    record Abort(String beaconId) implements DkgCommand {}
}
