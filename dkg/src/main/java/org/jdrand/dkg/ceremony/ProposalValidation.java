package org.jdrand.dkg.ceremony;

import static org.jdrand.dkg.ceremony.CeremonyException.Reason.DUPLICATE_ADDRESS;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.GENESIS_SEED_CHANGED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.GENESIS_SEED_IN_FIRST_EPOCH;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.GENESIS_TIME_CHANGED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_BEACON_ID;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_EPOCH;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_EPOCH_LEFTOVER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_PARTICIPANT_SIGNATURE;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_SCHEME;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.LEADER_CANNOT_JOIN;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.LEADER_NOT_JOINING;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.LEADER_NOT_REMAINING;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.NODES_MISSING_FROM_PROPOSAL;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.NODE_COUNT_TOO_LOW;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.NO_NODES_REMAINING;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.ONLY_JOINERS_IN_FIRST_EPOCH;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.THRESHOLD_TOO_HIGH;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.THRESHOLD_TOO_LOW;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.TIMEOUT_REACHED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.UNKNOWN_NODES_IN_PROPOSAL;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdrand.crypto.Scheme;
import org.jdrand.dkg.DkgConfig;

/**
 * drand's checks of received proposal terms ({@code ValidateProposal}: validateForAllDKGs,
 * validateFirstEpoch, validateReshareTerms, validateReshareForRemainers; dkg.md §8).
 */
public final class ProposalValidation {
    private ProposalValidation() {}

    /**
     * @param current the node's state to check against ({@link Ceremony#reference})
     * @throws CeremonyException naming the first failed rule
     */
    public static void validate(Ceremony current, ProposalTerms terms, Instant now, IdentityCheck identities) {
        forAllDkgs(current, terms, now, identities);
        if (terms.epoch() == 1) {
            firstEpoch(terms);
            return;
        }
        reshareTerms(current, terms);
        if (current.state() == DkgState.LEFT) {
            // a node that left holds no share and knows no current group: it may rejoin as a new
            // node; only what never changes (genesis) is checked against what it remembers
            sameGenesis(current, terms);
        } else if (current.state() != DkgState.FRESH) {
            reshareForRemainers(current, terms);
        }
    }

    private static void forAllDkgs(Ceremony current, ProposalTerms terms, Instant now, IdentityCheck identities) {
        if (!current.beaconId().equals(terms.beaconId())) {
            fail(INVALID_BEACON_ID, "beacon id \"" + terms.beaconId() + "\" (expected \"" + current.beaconId() + "\")");
        }
        try {
            Scheme.byId(terms.schemeId());
        } catch (IllegalArgumentException e) {
            fail(INVALID_SCHEME, e.getMessage());
        }
        for (Participant joiner : terms.joining()) {
            if (!identities.isValid(joiner)) {
                fail(INVALID_PARTICIPANT_SIGNATURE, "joiner " + joiner.address() + " has an invalid self-signature");
            }
        }
        if (now.getEpochSecond() >= terms.timeout().getEpochSecond()) {
            fail(TIMEOUT_REACHED, "timeout " + terms.timeout() + " is not after " + now);
        }
        // two entries with one address would give one node two shares (or a remainer that also leaves)
        Set<String> seen = new HashSet<>();
        for (List<Participant> list : List.of(terms.joining(), terms.remaining(), terms.leaving())) {
            for (Participant p : list) {
                if (!seen.add(p.address())) {
                    fail(DUPLICATE_ADDRESS, "address " + p.address() + " listed twice");
                }
            }
        }
        int n = terms.joining().size() + terms.remaining().size();
        if (terms.threshold() > n) {
            fail(THRESHOLD_TOO_HIGH, "threshold " + terms.threshold() + " above the " + n + " nodes");
        }
        if (terms.threshold() < DkgConfig.minimumThreshold(n)) {
            fail(THRESHOLD_TOO_LOW, "threshold " + terms.threshold() + " (expected >= "
                    + DkgConfig.minimumThreshold(n) + " for " + n + " nodes)");
        }
        long epoch = current.epoch();
        if (terms.epoch() < epoch) {
            fail(INVALID_EPOCH, "epoch " + terms.epoch() + " (expected >= " + epoch + ")");
        }
        if (terms.epoch() == epoch && !current.state().isTerminal()) {
            fail(INVALID_EPOCH, "epoch " + terms.epoch() + " already used by state " + current.state());
        }
        if (terms.epoch() > epoch + 1 && current.state() != DkgState.LEFT && current.state() != DkgState.FRESH) {
            fail(INVALID_EPOCH_LEFTOVER, "epoch " + terms.epoch() + " (expected " + (epoch + 1) + ")");
        }
    }

    private static void firstEpoch(ProposalTerms terms) {
        if (terms.genesisSeed().length != 0) {
            fail(GENESIS_SEED_IN_FIRST_EPOCH, "epoch 1 proposal carries a genesis seed");
        }
        if (!terms.remaining().isEmpty() || !terms.leaving().isEmpty()) {
            fail(ONLY_JOINERS_IN_FIRST_EPOCH, "epoch 1 proposal has remainers or leavers");
        }
        if (!terms.joining().contains(terms.leader())) {
            fail(LEADER_NOT_JOINING, "epoch 1 leader " + terms.leader().address() + " is not a joiner");
        }
    }

    private static void reshareTerms(Ceremony current, ProposalTerms terms) {
        if (terms.remaining().isEmpty()) {
            fail(NO_NODES_REMAINING, "reshare without remainers");
        }
        if (terms.joining().contains(terms.leader())) {
            fail(LEADER_CANNOT_JOIN, "leader " + terms.leader().address() + " joins after epoch 1");
        }
        if (terms.leaving().contains(terms.leader()) || !terms.remaining().contains(terms.leader())) {
            fail(LEADER_NOT_REMAINING, "leader " + terms.leader().address() + " does not remain");
        }
        if (terms.remaining().size() < current.threshold()) {
            fail(NODE_COUNT_TOO_LOW, "remainers " + terms.remaining().size() + " (expected >= previous threshold "
                    + current.threshold() + ")");
        }
    }

    private static void sameGenesis(Ceremony current, ProposalTerms terms) {
        if (!terms.genesisTime().equals(current.terms().genesisTime())) {
            fail(GENESIS_TIME_CHANGED, "genesis time " + terms.genesisTime() + " (expected "
                    + current.terms().genesisTime() + ")");
        }
        if (!Arrays.equals(terms.genesisSeed(), current.terms().genesisSeed())) {
            fail(GENESIS_SEED_CHANGED, "genesis seed changed");
        }
    }

    private static void reshareForRemainers(Ceremony current, ProposalTerms terms) {
        sameGenesis(current, terms);
        Set<String> previous = new HashSet<>(current.finalGroup());
        Set<String> proposed = new HashSet<>(addresses(terms.remaining()));
        proposed.addAll(addresses(terms.leaving()));
        if (!proposed.containsAll(previous)) {
            fail(NODES_MISSING_FROM_PROPOSAL, "previous group nodes neither remain nor leave");
        }
        if (!previous.containsAll(proposed)) {
            fail(UNKNOWN_NODES_IN_PROPOSAL, "remaining or leaving nodes not in the previous group");
        }
    }

    private static List<String> addresses(List<Participant> list) {
        return list.stream().map(Participant::address).toList();
    }

    private static void fail(CeremonyException.Reason reason, String message) {
        throw new CeremonyException(reason, "dkg proposal: " + message);
    }
}
