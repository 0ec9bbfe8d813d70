package org.jdrand.node.dkg;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;

/**
 * One beacon ID's ceremony as drand stores it (DBState / DKGEntry): the dkg module's
 * {@link Ceremony} (state, terms, answers; it changes only through its transitions) plus what
 * only the node keeps. The accessors below read through to the ceremony so the state file and
 * the status answer keep drand's flat layout.
 *
 * @param transitionTime  Unix seconds the new group takes over (genesis for epoch 1), 0 until executed
 * @param kickoff         when the DKG protocol starts (after {@code execute}), else null
 * @param previousGroup   previous group TOML a joiner gave with {@code dkg join --group}, else null
 * @param error           why the ceremony failed, aborted or timed out, else ""
 */
public record DkgEntry(Ceremony ceremony, long transitionTime, Instant kickoff, String previousGroup, String error) {

    public DkgEntry {
        Objects.requireNonNull(ceremony, "ceremony");
        error = error == null ? "" : error;
    }

    /**
     * An entry as the state file stores it (drand's flat DKGEntry); {@code terms} are ignored
     * when FRESH. Only for reading persisted state: a live ceremony moves by its transitions.
     */
    public DkgEntry(String beaconId, DkgState state, int epoch, int threshold, Instant timeout, Instant genesisTime,
            byte[] genesisSeed, long transitionTime, int periodSeconds, int catchupPeriodSeconds, String schemeId,
            Participant leader, List<Participant> remaining, List<Participant> joining, List<Participant> leaving,
            List<Participant> acceptors, List<Participant> rejectors, List<String> finalGroup, Instant kickoff,
            String previousGroup, String error) {
        this(new Ceremony(beaconId, state, state == DkgState.FRESH ? null : new ProposalTerms(beaconId, epoch, leader,
                threshold, timeout, catchupPeriodSeconds, periodSeconds, schemeId, genesisTime, genesisSeed, joining,
                remaining, leaving), acceptors, rejectors, finalGroup), transitionTime, kickoff, previousGroup, error);
    }

    /** A beacon ID that never took part in a ceremony. */
    public static DkgEntry fresh(String beaconId) {
        return of(Ceremony.fresh(beaconId));
    }

    /** A new ceremony (a proposal made or received): no node-only field carries over. */
    static DkgEntry of(Ceremony c) {
        return new DkgEntry(c, 0, null, null, "");
    }

    /** The next state of the same ceremony, as a {@link Ceremony} transition returned it. */
    DkgEntry moved(Ceremony next) {
        return new DkgEntry(next, transitionTime, kickoff, previousGroup, error);
    }

    /** The next state, ended for {@code why} (aborted, timed out, failed). */
    DkgEntry ended(Ceremony next, String why) {
        return new DkgEntry(next, transitionTime, kickoff, previousGroup, why);
    }

    DkgEntry withKickoff(Instant at, long transition) {
        return new DkgEntry(ceremony, transition, at, previousGroup, error);
    }

    DkgEntry withPreviousGroup(String toml) {
        return new DkgEntry(ceremony, transitionTime, kickoff, toml, error);
    }

    public String beaconId() {
        return ceremony.beaconId();
    }

    public DkgState state() {
        return ceremony.state();
    }

    /** The proposal in force, or null when FRESH. */
    public ProposalTerms terms() {
        return ceremony.terms();
    }

    private Optional<ProposalTerms> t() {
        return Optional.ofNullable(ceremony.terms());
    }

    public int epoch() {
        return (int) ceremony.epoch();
    }

    public int threshold() {
        return ceremony.threshold();
    }

    public Instant timeout() {
        return t().map(ProposalTerms::timeout).orElse(null);
    }

    public Instant genesisTime() {
        return t().map(ProposalTerms::genesisTime).orElse(null);
    }

    public byte[] genesisSeed() {
        return t().map(ProposalTerms::genesisSeed).orElse(new byte[0]);
    }

    public int periodSeconds() {
        return t().map(ProposalTerms::beaconPeriodSeconds).orElse(0);
    }

    public int catchupPeriodSeconds() {
        return t().map(ProposalTerms::catchupPeriodSeconds).orElse(0);
    }

    public String schemeId() {
        return t().map(ProposalTerms::schemeId).orElse("");
    }

    public Participant leader() {
        return t().map(ProposalTerms::leader).orElse(null);
    }

    public List<Participant> remaining() {
        return t().map(ProposalTerms::remaining).orElse(List.of());
    }

    public List<Participant> joining() {
        return t().map(ProposalTerms::joining).orElse(List.of());
    }

    public List<Participant> leaving() {
        return t().map(ProposalTerms::leaving).orElse(List.of());
    }

    public List<Participant> acceptors() {
        return ceremony.acceptors();
    }

    public List<Participant> rejectors() {
        return ceremony.rejectors();
    }

    public List<String> finalGroup() {
        return ceremony.finalGroup();
    }

    /** Remainers then joiners: everyone who holds a share after the ceremony. */
    public List<Participant> newNodes() {
        return t().map(ProposalTerms::nextGroup).orElse(List.of());
    }

    /** Everyone the ceremony concerns: remainers, joiners and leavers. */
    public List<Participant> everyone() {
        Set<Participant> all = new LinkedHashSet<>(newNodes());
        all.addAll(leaving());
        return List.copyOf(all);
    }

    public Optional<Participant> find(List<Participant> list, String address) {
        return list.stream().filter(p -> p.address().equals(address)).findFirst();
    }

    public boolean isLeader(String address) {
        return leader() != null && leader().address().equals(address);
    }
}
