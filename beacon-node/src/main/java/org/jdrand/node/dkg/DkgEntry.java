package org.jdrand.node.dkg;

import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.DkgState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One beacon ID's ceremony as drand stores it (DBState / DKGEntry): the state, the proposal
 * terms and the answers so far. Immutable; changes go through {@link #toBuilder()}.
 *
 * @param genesisSeed     empty for epoch 1 (the group hash becomes the seed)
 * @param transitionTime  Unix seconds the new group takes over (genesis for epoch 1), 0 until executed
 * @param kickoff         when the DKG protocol starts (after {@code execute}), else null
 * @param previousGroup   previous group TOML a joiner gave with {@code dkg join --group}, else null
 * @param error           why the ceremony failed, aborted or timed out, else ""
 */
public record DkgEntry(String beaconId, DkgState state, int epoch, int threshold, Instant timeout,
        Instant genesisTime, byte[] genesisSeed, long transitionTime, int periodSeconds, int catchupPeriodSeconds,
        String schemeId, Participant leader, List<Participant> remaining, List<Participant> joining,
        List<Participant> leaving, List<Participant> acceptors, List<Participant> rejectors, List<String> finalGroup,
        Instant kickoff, String previousGroup, String error) {

    public DkgEntry {
        Objects.requireNonNull(beaconId, "beaconId");
        Objects.requireNonNull(state, "state");
        genesisSeed = genesisSeed == null ? new byte[0] : genesisSeed.clone();
        remaining = List.copyOf(remaining);
        joining = List.copyOf(joining);
        leaving = List.copyOf(leaving);
        acceptors = List.copyOf(acceptors);
        rejectors = List.copyOf(rejectors);
        finalGroup = List.copyOf(finalGroup);
        error = error == null ? "" : error;
    }

    /** A beacon ID that never took part in a ceremony. */
    public static DkgEntry fresh(String beaconId) {
        return new DkgEntry(beaconId, DkgState.FRESH, 0, 0, null, null, null, 0, 0, 0, "", null, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), null, null, "");
    }

    @Override
    public byte[] genesisSeed() {
        return genesisSeed.clone();
    }

    /** Remainers then joiners: everyone who holds a share after the ceremony. */
    public List<Participant> newNodes() {
        List<Participant> all = new ArrayList<>(remaining);
        all.addAll(joining);
        return all;
    }

    /** Everyone the ceremony concerns: remainers, joiners and leavers. */
    public List<Participant> everyone() {
        Set<Participant> all = new LinkedHashSet<>(newNodes());
        all.addAll(leaving);
        return List.copyOf(all);
    }

    /** The proposal part, as the dkg module's ceremony model (and gossip signing) reads it. */
    public ProposalTerms terms() {
        return new ProposalTerms(beaconId, epoch, leader, threshold, timeout, catchupPeriodSeconds, periodSeconds,
                schemeId, genesisTime, genesisSeed, joining, remaining, leaving);
    }

    /** This entry as the dkg module's ceremony model: state, terms and answers. */
    public Ceremony ceremony() {
        return new Ceremony(beaconId, state, state == DkgState.FRESH ? null : terms(), acceptors, rejectors, finalGroup);
    }

    public Optional<Participant> find(List<Participant> list, String address) {
        return list.stream().filter(p -> p.address().equals(address)).findFirst();
    }

    public boolean isLeader(String address) {
        return leader != null && leader.address().equals(address);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy used to derive the next entry. */
    public static final class Builder {
        String beaconId;
        DkgState state;
        int epoch;
        int threshold;
        Instant timeout;
        Instant genesisTime;
        byte[] genesisSeed;
        long transitionTime;
        int periodSeconds;
        int catchupPeriodSeconds;
        String schemeId;
        Participant leader;
        List<Participant> remaining;
        List<Participant> joining;
        List<Participant> leaving;
        List<Participant> acceptors;
        List<Participant> rejectors;
        List<String> finalGroup;
        Instant kickoff;
        String previousGroup;
        String error;

        Builder(DkgEntry e) {
            beaconId = e.beaconId;
            state = e.state;
            epoch = e.epoch;
            threshold = e.threshold;
            timeout = e.timeout;
            genesisTime = e.genesisTime;
            genesisSeed = e.genesisSeed;
            transitionTime = e.transitionTime;
            periodSeconds = e.periodSeconds;
            catchupPeriodSeconds = e.catchupPeriodSeconds;
            schemeId = e.schemeId;
            leader = e.leader;
            remaining = e.remaining;
            joining = e.joining;
            leaving = e.leaving;
            acceptors = e.acceptors;
            rejectors = e.rejectors;
            finalGroup = e.finalGroup;
            kickoff = e.kickoff;
            previousGroup = e.previousGroup;
            error = e.error;
        }

        public Builder state(DkgState s) {
            state = s;
            return this;
        }

        public Builder error(String e) {
            error = e;
            return this;
        }

        public Builder kickoff(Instant k) {
            kickoff = k;
            return this;
        }

        public Builder transitionTime(long t) {
            transitionTime = t;
            return this;
        }

        public Builder acceptors(List<Participant> a) {
            acceptors = a;
            return this;
        }

        public Builder rejectors(List<Participant> r) {
            rejectors = r;
            return this;
        }

        public Builder finalGroup(List<String> f) {
            finalGroup = f;
            return this;
        }

        public Builder previousGroup(String g) {
            previousGroup = g;
            return this;
        }

        public Builder terms(DkgEntry t) {
            epoch = t.epoch;
            threshold = t.threshold;
            timeout = t.timeout;
            genesisTime = t.genesisTime;
            genesisSeed = t.genesisSeed;
            periodSeconds = t.periodSeconds;
            catchupPeriodSeconds = t.catchupPeriodSeconds;
            schemeId = t.schemeId;
            leader = t.leader;
            remaining = t.remaining;
            joining = t.joining;
            leaving = t.leaving;
            acceptors = List.of();
            rejectors = List.of();
            finalGroup = List.of();
            kickoff = null;
            transitionTime = 0;
            error = "";
            return this;
        }

        public DkgEntry build() {
            return new DkgEntry(beaconId, state, epoch, threshold, timeout, genesisTime, genesisSeed, transitionTime,
                    periodSeconds, catchupPeriodSeconds, schemeId, leader, remaining, joining, leaving, acceptors,
                    rejectors, finalGroup, kickoff, previousGroup, error);
        }
    }
}
