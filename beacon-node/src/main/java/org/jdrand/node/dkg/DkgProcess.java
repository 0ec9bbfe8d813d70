package org.jdrand.node.dkg;

import java.util.Optional;
import org.jdrand.dkg.ceremony.ProposalValidation;
import org.jdrand.dkg.ceremony.IdentityCheck;
import org.jdrand.dkg.ceremony.CeremonyException;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.Identity;
import org.jdrand.crypto.chain.RoundTime;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgFailure;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgOutcome;
import org.jdrand.dkg.DkgResult;
import org.jdrand.dkg.DkgSession;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.proto.dkg.AbortDKG;
import org.jdrand.proto.dkg.AcceptProposal;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.FirstProposalOptions;
import org.jdrand.proto.dkg.GossipMetadata;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.ProposalOptions;
import org.jdrand.proto.dkg.RejectProposal;
import org.jdrand.proto.dkg.StartExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drand v2's DKG process for every beacon ID of a daemon (internal/dkg): operator commands,
 * gossip of proposals and answers signed with the node's long-term key, execution of the kyber
 * session with echo broadcast, timeouts, persistence in {@link DkgStateFile}, and the hand-off of
 * the resulting group and share. All ceremony state is owned by one thread; network sends run
 * on a small pool and never block it.
 */
public final class DkgProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DkgProcess.class);
    /** drand: proposals are sent up to 7 times with 200 ms × attempt backoff. */
    private static final int PROPOSAL_TRIES = 7;
    private static final int EARLY_BUNDLES = 1000;
    private static final int SEEN_PACKETS = 4096;
    /** drand: the transition happens 10 rounds after the reshare. */
    static final int TRANSITION_ROUNDS = 10;

    /**
     * drand's timing: per-phase timeout (DefaultDKGPhaseTimeout 10 s) and kickoff grace
     * (DefaultDKGKickoffGracePeriod 5 s).
     */
    public record Timeouts(Duration phaseTimeout, Duration kickoffGrace) {
        public static final Timeouts DRAND = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));

        public Timeouts {
            if (phaseTimeout.isNegative() || phaseTimeout.isZero() || kickoffGrace.isNegative()) {
                throw new IllegalArgumentException("dkg timeouts: phase " + phaseTimeout + ", kickoff " + kickoffGrace
                        + " (expected positive phase timeout)");
            }
        }
    }

    /** A command or packet rejected for a reason the operator can act on. */
    public static final class DkgException extends Exception {
        public DkgException(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final Bls bls;
    private final Scheduler scheduler;
    private final DkgNetwork network;
    private final BeaconHandoff handoff;
    private final Timeouts timeouts;
    private final SecureRandom random;
    private final DkgStateFile file;
    private final GroupFileWriter files;
    private final ExecutorService owner;
    private final ExecutorService senders;
    private final Map<String, DkgStateFile.Entries> entries = new LinkedHashMap<>();
    private final Map<String, DkgExecution> executions = new HashMap<>();
    private final Map<String, Deque<DkgBundle>> early = new HashMap<>();
    private final Set<String> seenPackets = new LinkedHashSet<>();
    private final RawBundleFilter rawFilter = new RawBundleFilter();
    private final EchoSenders echoes;
    private final GossipFanout<GossipPacket> fanout;
    private final java.util.concurrent.atomic.AtomicLong decoded = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, List<Scheduler.Cancellable>> timers = new HashMap<>();

    public DkgProcess(Path folder, Bls bls, Scheduler scheduler, DkgNetwork network, BeaconHandoff handoff,
            Timeouts timeouts, SecureRandom random) {
        this.folder = folder;
        this.bls = bls;
        this.scheduler = scheduler;
        this.network = network;
        this.handoff = handoff;
        this.timeouts = timeouts;
        this.random = random;
        this.file = new DkgStateFile(folder);
        this.files = new GroupFileWriter(folder, bls);
        this.echoes = new EchoSenders(network);
        this.owner = Executors.newSingleThreadExecutor(named("jdrand-dkg"));
        this.senders = Executors.newFixedThreadPool(4, named("jdrand-dkg-send"));
        this.fanout = new GossipFanout<>(network::packet, scheduler, senders);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Loads the persisted state. A ceremony that was executing when the node stopped cannot be
     * resumed (the kyber session lived in memory): it is marked Failed. Pending proposals get
     * their timeout timers back.
     */
    public DkgProcess start() throws IOException {
        try {
            onOwner(() -> {
                entries.putAll(file.load());
                for (var e : new ArrayList<>(entries.entrySet())) {
                    DkgEntry cur = e.getValue().current();
                    if (cur.state() == DkgState.EXECUTING) {
                        put(cur.toBuilder().state(DkgState.FAILED)
                                .error("node restarted during the execution of epoch " + cur.epoch()).build());
                        LOG.warn("dkg failed id={} epoch={} reason=restarted during execution", e.getKey(), cur.epoch());
                    } else {
                        scheduleProposalTimeout(cur);
                    }
                }
                persist();
                return null;
            });
        } catch (DkgException e) {
            throw new IOException(e.getMessage(), e);
        }
        return this;
    }

    public Path stateFile() {
        return file.file();
    }

    /** The current and last finished ceremony of {@code beaconId}. */
    public DkgStateFile.Entries status(String beaconId) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(beaconId);
        return onOwner(() -> entries(id));
    }

    // ------------------------------------------------------------------ commands

    /** Runs an operator command (dkg.DKGControl/Command); returns only when its gossip was sent. */
    public void command(DKGCommand cmd) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(cmd.getMetadata().getBeaconID());
        switch (cmd.getCommandCase()) {
            case INITIAL -> propose(id, () -> initial(id, cmd.getInitial()));
            case RESHARING -> propose(id, () -> resharing(id, cmd.getResharing()));
            case JOIN -> onOwner(() -> join(id, cmd.getJoin()));
            case ACCEPT -> gossip(onOwner(() -> answer(id, true)), false);
            case REJECT -> gossip(onOwner(() -> answer(id, false)), false);
            case EXECUTE -> gossip(onOwner(() -> execute(id)), false);
            case ABORT -> gossip(onOwner(() -> abort(id, "aborted by the leader")), false);
            default -> throw new DkgException("dkg command: none given (expected initial, resharing, join, accept, "
                    + "reject, execute or abort)");
        }
    }

    /** A prepared gossip: the signed packet and who gets it. */
    private record Outgoing(String beaconId, GossipPacket packet, List<String> to) {}

    private void propose(String id, Callable<Outgoing> prepare) throws DkgException {
        Outgoing out = onOwner(prepare);
        try {
            gossip(out, true);
        } catch (DkgException e) {
            // a participant that cannot get the proposal cannot take part: abort everywhere
            Outgoing abort = onOwner(() -> abort(id, "proposal could not be delivered"));
            try {
                gossip(abort, false);
            } catch (DkgException ignored) {
                // best effort: the unreachable node never saw the proposal
            }
            throw new DkgException(e.getMessage() + "; the proposal was aborted on every reachable node: "
                    + "check that every participant's daemon is running and reachable, then propose again");
        }
    }

    private Outgoing initial(String id, FirstProposalOptions o) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgStateFile.Entries es = entries(id);
        if (es.finished() != null) {
            throw new DkgException("dkg init: beacon " + id + " already ran epoch " + es.finished().epoch()
                    + " (expected a fresh beacon): use 'jdrand dkg reshare' to change the group");
        }
        requireIdle(es.current(), "dkg init");
        Scheme scheme = scheme(o.getScheme());
        if (!scheme.equals(kp.scheme())) {
            throw new DkgException("dkg init: scheme " + scheme.id() + " (expected " + kp.scheme().id()
                    + ", the scheme of this node's key pair)");
        }
        if (o.getPeriodSeconds() <= 0) {
            throw new DkgException("dkg init: period " + o.getPeriodSeconds() + "s (expected > 0)");
        }
        Participant me = me(kp);
        List<Participant> joining = DkgMapper.fromProto(o.getJoiningList());
        DkgEntry terms = new DkgEntry(id, DkgState.PROPOSING, 1, o.getThreshold(), DkgMapper.fromProto(o.getTimeout()),
                DkgMapper.fromProto(o.getGenesisTime()), new byte[0], 0, o.getPeriodSeconds(),
                o.getCatchupPeriodSeconds(), scheme.id(), me, List.of(), joining, List.of(), List.of(), List.of(),
                List.of(), null, null, "");
        if (terms.find(joining, me.address()).isEmpty()) {
            throw new DkgException("dkg init: the leader " + me.address() + " is not among the joiners (add it to "
                    + "the proposal's Joining list)");
        }
        if (!terms.genesisTime().isAfter(now())) {
            throw new DkgException("dkg init: genesis time " + terms.genesisTime() + " has passed (expected a future "
                    + "time: raise --genesis-delay)");
        }
        validate(terms, es);
        return startProposal(kp, terms, es);
    }

    private Outgoing resharing(String id, ProposalOptions o) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgStateFile.Entries es = entries(id);
        DkgEntry last = es.finished();
        if (last == null) {
            throw new DkgException("dkg reshare: beacon " + id + " has no finished DKG here (expected a group from "
                    + "'dkg init'): run the initial ceremony first");
        }
        requireIdle(es.current(), "dkg reshare");
        Participant me = me(kp);
        List<Participant> remaining = DkgMapper.fromProto(o.getRemainingList());
        DkgEntry terms = new DkgEntry(id, DkgState.PROPOSING, last.epoch() + 1, o.getThreshold(),
                DkgMapper.fromProto(o.getTimeout()), last.genesisTime(), last.genesisSeed(), 0, last.periodSeconds(),
                o.getCatchupPeriodSeconds(), last.schemeId(), me, remaining, DkgMapper.fromProto(o.getJoiningList()),
                DkgMapper.fromProto(o.getLeavingList()), List.of(), List.of(), List.of(), null, null, "");
        if (terms.find(remaining, me.address()).isEmpty()) {
            throw new DkgException("dkg reshare: the leader " + me.address() + " is not among the remainers "
                    + "(a leader must stay in the group)");
        }
        validate(terms, es);
        return startProposal(kp, terms, es);
    }

    private Outgoing startProposal(KeyPair kp, DkgEntry terms, DkgStateFile.Entries es) throws DkgException {
        es.current().state().checkMoveTo(DkgState.PROPOSING);
        put(terms);
        persist();
        scheduleProposalTimeout(terms);
        LOG.info("dkg proposing id={} epoch={} n={} t={} joining={} remaining={} leaving={}", terms.beaconId(),
                terms.epoch(), terms.newNodes().size(), terms.threshold(), terms.joining().size(),
                terms.remaining().size(), terms.leaving().size());
        GossipPacket p = signed(kp, terms, new GossipPayload.Proposal(terms.terms()),
                GossipPacket.newBuilder().setProposal(DkgMapper.toTerms(terms)));
        return new Outgoing(terms.beaconId(), p, others(terms, kp.identity().address()));
    }

    private Void join(String id, JoinOptions o) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgEntry cur = entries(id).current();
        if (cur.state() != DkgState.PROPOSED) {
            throw new DkgException("dkg join: state " + States.name(cur.state()) + " (expected Proposed: wait for the leader's "
                    + "proposal, see 'jdrand dkg status')");
        }
        String me = kp.identity().address();
        if (cur.find(cur.joining(), me).isEmpty()) {
            throw new DkgException("dkg join: " + me + " is not a joiner of epoch " + cur.epoch()
                    + (cur.find(cur.remaining(), me).isPresent() ? " (it remains: use 'jdrand dkg accept')" : ""));
        }
        String previous = null;
        if (cur.epoch() > 1) {
            if (o.getGroupFile().isEmpty()) {
                throw new DkgException("dkg join: epoch " + cur.epoch() + " is a reshare (expected --group with the "
                        + "current group file, e.g. from 'jdrand show group' on a member)");
            }
            previous = o.getGroupFile().toString(StandardCharsets.UTF_8);
            Group g;
            try {
                g = keyStore(id).parseGroup("--group", previous);
            } catch (KeyFileException e) {
                throw new DkgException("dkg join: " + e.getMessage());
            }
            if (g.genesisTime() != cur.genesisTime().getEpochSecond() || !Arrays.equals(g.genesisSeed(),
                    cur.genesisSeed())) {
                throw new DkgException("dkg join: the given group has genesis " + g.genesisTime() + " seed "
                        + Hex.shortHex(g.genesisSeed()) + " (expected the proposal's " + cur.genesisTime().getEpochSecond()
                        + " " + Hex.shortHex(cur.genesisSeed()) + ")");
            }
        }
        put(cur.toBuilder().state(DkgState.JOINED).previousGroup(previous).build());
        persist();
        LOG.info("dkg joined id={} epoch={}", id, cur.epoch());
        return null;
    }

    private Outgoing answer(String id, boolean accept) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgEntry cur = entries(id).current();
        String verb = accept ? "dkg accept" : "dkg reject";
        if (cur.state() != DkgState.PROPOSED) {
            throw new DkgException(verb + ": state " + States.name(cur.state()) + " (expected Proposed: see 'jdrand dkg status')");
        }
        Participant me = me(kp);
        if (cur.find(cur.remaining(), me.address()).isEmpty()) {
            throw new DkgException(verb + ": " + me.address() + " is not a remainer of epoch " + cur.epoch()
                    + (cur.find(cur.joining(), me.address()).isPresent() ? " (it joins: use 'jdrand dkg join')" : ""));
        }
        DkgEntry next = accept
                ? cur.toBuilder().state(DkgState.ACCEPTED).acceptors(plus(cur.acceptors(), me)).build()
                : cur.toBuilder().state(DkgState.REJECTED).rejectors(plus(cur.rejectors(), me)).build();
        put(next);
        persist();
        GossipPacket.Builder b = GossipPacket.newBuilder();
        GossipPayload part;
        if (accept) {
            b.setAccept(AcceptProposal.newBuilder().setAcceptor(DkgMapper.toProto(me)));
            part = new GossipPayload.Accept(me);
        } else {
            b.setReject(RejectProposal.newBuilder().setRejector(DkgMapper.toProto(me)).setReason("rejected by operator"));
            part = new GossipPayload.Reject(me);
        }
        return new Outgoing(id, signed(kp, next, part, b), others(next, me.address()));
    }

    private Outgoing execute(String id) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgEntry cur = entries(id).current();
        if (cur.state() != DkgState.PROPOSING) {
            throw new DkgException("dkg execute: state " + States.name(cur.state()) + " (expected Proposing: only the leader "
                    + "executes its own proposal)");
        }
        if (!cur.rejectors().isEmpty()) {
            throw new DkgException("dkg execute: rejected by " + cur.rejectors().stream().map(Participant::address)
                    .toList() + ": abort with 'jdrand dkg abort' and propose again");
        }
        List<String> missing = new ArrayList<>();
        for (Participant p : cur.remaining()) {
            if (!cur.isLeader(p.address()) && cur.find(cur.acceptors(), p.address()).isEmpty()) {
                missing.add(p.address());
            }
        }
        if (!missing.isEmpty()) {
            throw new DkgException("dkg execute: remainers " + missing + " have not accepted (expected every remainer "
                    + "to run 'jdrand dkg accept'; or abort and propose without them)");
        }
        Instant kickoff = now().plus(timeouts.kickoffGrace());
        DkgEntry next = cur.toBuilder().state(DkgState.EXECUTING).kickoff(kickoff)
                .transitionTime(transitionTime(cur, kickoff)).build();
        put(next);
        persist();
        beginExecution(kp, next);
        GossipPacket p = signed(kp, next, new GossipPayload.Execute(kickoff),
                GossipPacket.newBuilder().setExecute(StartExecution.newBuilder().setTime(DkgMapper.toProto(kickoff))));
        return new Outgoing(id, p, others(next, kp.identity().address()));
    }

    private Outgoing abort(String id, String reason) throws DkgException {
        KeyPair kp = keyPair(id);
        DkgEntry cur = entries(id).current();
        if (cur.state() == DkgState.EXECUTING) {
            throw new DkgException("dkg abort: the DKG is executing (it ends by itself, Complete, Failed or TimedOut, "
                    + "within 3 phase timeouts of " + timeouts.phaseTimeout().toSeconds() + "s)");
        }
        if (!cur.state().canMoveTo(DkgState.ABORTED)) {
            throw new DkgException("dkg abort: nothing to abort (state " + States.name(cur.state()) + ")");
        }
        put(cur.toBuilder().state(DkgState.ABORTED).error(reason).build());
        persist();
        LOG.info("dkg aborted id={} epoch={} reason={}", id, cur.epoch(), reason);
        if (!cur.isLeader(kp.identity().address())) {
            return new Outgoing(id, null, List.of()); // a participant aborts only its own view
        }
        GossipPacket p = signed(kp, cur, new GossipPayload.Abort(reason),
                GossipPacket.newBuilder().setAbort(AbortDKG.newBuilder().setReason(reason)));
        return new Outgoing(id, p, others(cur, kp.identity().address()));
    }

    /** Sends {@code out}; with {@code required} every recipient must get it (proposal retries), else best effort. */
    private void gossip(Outgoing out, boolean required) throws DkgException {
        if (out.packet() == null || out.to().isEmpty()) {
            return;
        }
        List<String> failures;
        try {
            failures = fanout.send(out.to(), out.packet(), required ? PROPOSAL_TRIES : 1).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DkgException("dkg gossip: interrupted");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DkgException("dkg gossip: " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            if (required) {
                throw new DkgException("dkg gossip: " + failures.size() + " of " + out.to().size()
                        + " participants unreachable: " + failures);
            }
            LOG.warn("dkg gossip incomplete id={} unreachable={}", out.beaconId(), failures);
        }
    }

    // ------------------------------------------------------------------ packets from peers

    /** A gossip packet from a peer (dkg.DKGPublic/Packet): verified, applied, then re-gossiped once. */
    public void packet(GossipPacket p) throws DkgException {
        if (p.getPacketCase() == GossipPacket.PacketCase.DKG) {
            broadcast(p.getDkg());
            return;
        }
        Outgoing regossip = onOwner(() -> applyPacket(p));
        if (regossip != null && regossip.packet() != null && !regossip.to().isEmpty()) {
            // best effort, without holding the caller or a sender thread
            fanout.send(regossip.to(), regossip.packet(), 1).thenAccept(failures -> {
                if (!failures.isEmpty()) {
                    LOG.warn("dkg gossip incomplete id={} unreachable={}", regossip.beaconId(), failures);
                }
            });
        }
    }

    private Outgoing applyPacket(GossipPacket p) throws DkgException {
        GossipMetadata md = p.getMetadata();
        String id = ChainInfo.normaliseBeaconId(md.getBeaconID());
        String sig = Hex.encode(md.getSignature().toByteArray());
        if (seenPackets.contains(sig)) {
            return null;
        }
        KeyPair kp = keyPair(id);
        String me = kp.identity().address();
        DkgStateFile.Entries es = entries(id);
        DkgEntry cur = es.current();
        DkgEntry terms;
        GossipPayload part;
        switch (p.getPacketCase()) {
            case PROPOSAL -> {
                terms = DkgMapper.fromProto(p.getProposal(), DkgState.PROPOSED);
                if (!ChainInfo.normaliseBeaconId(terms.beaconId()).equals(id)) {
                    throw new DkgException("dkg proposal: beacon ID " + terms.beaconId() + " (expected " + id
                            + " from the metadata)");
                }
                terms = terms.toBuilder().build();
                part = new GossipPayload.Proposal(terms.terms());
            }
            case ACCEPT -> {
                terms = requireTerms(cur, "accept");
                part = new GossipPayload.Accept(DkgMapper.fromProto(p.getAccept().getAcceptor()));
            }
            case REJECT -> {
                terms = requireTerms(cur, "reject");
                part = new GossipPayload.Reject(DkgMapper.fromProto(p.getReject().getRejector()));
            }
            case EXECUTE -> {
                terms = requireTerms(cur, "execute");
                part = new GossipPayload.Execute(DkgMapper.fromProto(p.getExecute().getTime()));
            }
            case ABORT -> {
                terms = requireTerms(cur, "abort");
                part = new GossipPayload.Abort(p.getAbort().getReason());
            }
            default -> throw new DkgException("dkg packet: empty (expected proposal, accept, reject, execute, abort or dkg)");
        }
        verifySignature(id, md, terms, part);
        seenPackets.add(sig);
        if (seenPackets.size() > SEEN_PACKETS) {
            seenPackets.remove(seenPackets.iterator().next());
        }
        String sender = md.getAddress();
        switch (p.getPacketCase()) {
            case PROPOSAL -> {
                if (cur.state() != DkgState.FRESH && cur.epoch() == terms.epoch() && !cur.state().isTerminal()
                        && cur.isLeader(terms.leader().address())) {
                    return null; // our own or an already known proposal coming back
                }
                if (terms.find(terms.everyone(), me).isEmpty()) {
                    return null;
                }
                validate(terms, es);
                if (!cur.state().canMoveTo(DkgState.PROPOSED)) {
                    throw new DkgException("dkg proposal from " + sender + ": state " + States.name(cur.state()) + " epoch "
                            + cur.epoch() + " (expected no ceremony in progress)");
                }
                put(terms);
                persist();
                scheduleProposalTimeout(terms);
                LOG.info("dkg proposal received id={} epoch={} leader={} role={}", id, terms.epoch(), sender,
                        role(terms, me));
            }
            case ACCEPT, REJECT -> {
                boolean accept = p.getPacketCase() == GossipPacket.PacketCase.ACCEPT;
                Participant who = DkgMapper.fromProto(accept ? p.getAccept().getAcceptor() : p.getReject().getRejector());
                if (!who.address().equals(sender) || cur.find(cur.remaining(), sender).isEmpty()) {
                    throw new DkgException("dkg " + (accept ? "accept" : "reject") + ": from " + sender
                            + " (expected a remainer answering for itself)");
                }
                if (cur.state().isTerminal() || cur.state() == DkgState.COMPLETE) {
                    return null;
                }
                DkgEntry.Builder b = cur.toBuilder();
                if (accept) {
                    b.acceptors(plus(cur.acceptors(), who));
                } else {
                    b.rejectors(plus(cur.rejectors(), who));
                }
                put(b.build());
                persist();
                LOG.info("dkg answer id={} epoch={} from={} accepted={}", id, cur.epoch(), sender, accept);
            }
            case EXECUTE -> {
                requireLeader(cur, sender, "execute");
                Instant kickoff = DkgMapper.fromProto(p.getExecute().getTime());
                long transition = transitionTime(cur, kickoff);
                if (cur.find(cur.leaving(), me).isPresent()) {
                    if (cur.state().canMoveTo(DkgState.LEFT)) {
                        put(cur.toBuilder().state(DkgState.LEFT).kickoff(kickoff).transitionTime(transition).build());
                        persist();
                        LOG.info("dkg left id={} epoch={} transition={}", id, cur.epoch(), transition);
                        handoff.left(id, transition);
                    }
                } else if (cur.state() == DkgState.ACCEPTED || cur.state() == DkgState.JOINED) {
                    DkgEntry next = cur.toBuilder().state(DkgState.EXECUTING).kickoff(kickoff)
                            .transitionTime(transition).build();
                    put(next);
                    persist();
                    beginExecution(kp, next);
                } else if (cur.state() == DkgState.EXECUTING) {
                    return null;
                } else {
                    LOG.warn("dkg execute ignored id={} epoch={} state={} (this node did not join or accept)", id,
                            cur.epoch(), cur.state());
                }
            }
            case ABORT -> {
                requireLeader(cur, sender, "abort");
                if (!cur.state().canMoveTo(DkgState.ABORTED)) {
                    return null;
                }
                put(cur.toBuilder().state(DkgState.ABORTED).error("aborted by the leader: " + p.getAbort().getReason())
                        .build());
                persist();
                LOG.info("dkg aborted id={} epoch={} by={} reason={}", id, cur.epoch(), sender, p.getAbort().getReason());
            }
            default -> { }
        }
        DkgEntry now = entries(id).current();
        List<String> to = new ArrayList<>(others(now, me));
        to.remove(sender);
        return new Outgoing(id, p, to);
    }

    private static String role(DkgEntry t, String me) {
        return t.find(t.joining(), me).isPresent() ? "joiner" : t.find(t.remaining(), me).isPresent() ? "remainer"
                : "leaver";
    }

    private static DkgEntry requireTerms(DkgEntry cur, String what) throws DkgException {
        if (cur.state() == DkgState.FRESH || cur.leader() == null) {
            throw new DkgException("dkg " + what + ": no proposal known here (state " + States.name(cur.state()) + ")");
        }
        return cur;
    }

    private static void requireLeader(DkgEntry cur, String sender, String what) throws DkgException {
        if (!cur.isLeader(sender)) {
            throw new DkgException("dkg " + what + ": from " + sender + " (expected the leader "
                    + cur.leader().address() + ")");
        }
    }

    private void verifySignature(String id, GossipMetadata md, DkgEntry terms, GossipPayload part) throws DkgException {
        Scheme scheme = scheme(terms.schemeId());
        List<Participant> candidates = new ArrayList<>(terms.newNodes());
        candidates.add(terms.leader());
        Participant sender = candidates.stream().filter(x -> x.address().equals(md.getAddress())).findFirst()
                .orElseThrow(() -> new DkgException("dkg packet: sender " + md.getAddress()
                        + " is not a participant of epoch " + terms.epoch()));
        Point key;
        try {
            key = bls.backend().decode(scheme.keyGroup(), sender.key());
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg packet: sender " + md.getAddress() + " key: " + e.getMessage());
        }
        byte[] msg = GossipSigning.message(id, part, terms.terms());
        if (!bls.verify(scheme, key, msg, md.getSignature().toByteArray())) {
            throw new DkgException("dkg packet: bad signature from " + md.getAddress() + " ("
                    + Hex.shortHex(md.getSignature().toByteArray()) + ")");
        }
    }

    /** A DKG bundle from a peer (dkg.DKGPublic/BroadcastDKG), for the running execution. */
    public void broadcast(DKGPacket packet) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(packet.getDkg().getMetadata().getBeaconID());
        // echo broadcast: most packets are copies of a bundle already here; drop those unread
        String key = RawBundleFilter.key(id, packet.getDkg());
        if (!rawFilter.firstSight(key)) {
            return;
        }
        DkgBundle bundle;
        try {
            bundle = BundleMapper.fromPacket(packet.getDkg());
        } catch (IllegalArgumentException e) {
            rawFilter.forget(key);
            throw new DkgException(e.getMessage());
        }
        decoded.incrementAndGet();
        Instant arrived = now();
        owner.execute(() -> {
            DkgExecution exec = executions.get(id);
            if (exec != null) {
                exec.onBundle(bundle, arrived);
            } else {
                Deque<DkgBundle> q = early.computeIfAbsent(id, k -> new ArrayDeque<>());
                if (q.size() < EARLY_BUNDLES) {
                    q.add(bundle);
                } else {
                    rawFilter.forget(key);
                }
            }
        });
    }

    /**
     * Received DKG packets so far: all copies, copies dropped unread as byte-identical to one
     * seen before, and bundles decoded (handed to the ceremony).
     */
    public record BroadcastCounts(long copies, long droppedUnread, long decoded) {}

    public BroadcastCounts broadcastCounts() {
        return new BroadcastCounts(rawFilter.copies(), rawFilter.dropped(), decoded.get());
    }

    // ------------------------------------------------------------------ execution

    private void beginExecution(KeyPair kp, DkgEntry entry) {
        String id = entry.beaconId();
        DkgSession session;
        try {
            session = DkgSession.create(dkgConfig(kp, entry), random);
        } catch (DkgException | IllegalArgumentException e) {
            fail(id, "dkg setup: " + e.getMessage());
            return;
        }
        List<String> peers = entry.newNodes().stream().map(Participant::address)
                .filter(a -> !a.equals(kp.identity().address())).toList();
        DkgExecution exec = new DkgExecution(id, session, (b, echo) -> sendBundle(id, peers, b, echo), scheduler,
                owner::execute, timeouts.phaseTimeout(), outcome -> finish(kp, entry, outcome));
        DkgExecution old = executions.put(id, exec);
        if (old != null) {
            old.cancel();
        }
        Deque<DkgBundle> q = early.remove(id);
        if (q != null) {
            q.forEach(exec::onBundle);
        }
        // after this task (the leader's execute gossip goes out first), before the kickoff
        owner.execute(() -> {
            if (executions.get(id) == exec) {
                exec.prepare();
            }
        });
        addTimer(id, scheduler.schedule(entry.kickoff(), () -> owner.execute(() -> {
            if (executions.get(id) == exec && exec.phase() == org.jdrand.dkg.DkgPhase.INIT) {
                exec.start();
            }
        })));
        // never a hang: 3 phases plus slack after kickoff, the execution must have ended
        Instant deadline = entry.kickoff().plus(timeouts.phaseTimeout().multipliedBy(4)).plusSeconds(2);
        addTimer(id, scheduler.schedule(deadline, () -> owner.execute(() -> {
            DkgEntry cur = entries(id).current();
            if (cur.state() == DkgState.EXECUTING && cur.epoch() == entry.epoch()) {
                exec.cancel();
                executions.remove(id);
                put(cur.toBuilder().state(DkgState.TIMED_OUT).error("dkg execution: no result by " + deadline).build());
                persistQuietly();
                LOG.warn("dkg timed out id={} epoch={} phase={}", id, entry.epoch(), exec.phase());
            }
        })));
        LOG.info("dkg executing id={} epoch={} kickoff={} transition={}", id, entry.epoch(), entry.kickoff(),
                entry.transitionTime());
    }

    private void sendBundle(String id, List<String> peers, DkgBundle bundle, boolean echo) {
        DKGPacket pkt = DKGPacket.newBuilder().setDkg(BundleMapper.toPacket(bundle, id)).build();
        if (echo) {
            echoes.echo(peers, pkt, id);
        } else {
            rawFilter.own(RawBundleFilter.key(id, pkt.getDkg()));
            echoes.own(peers, pkt, id);
        }
    }

    private DkgConfig dkgConfig(KeyPair kp, DkgEntry e) throws DkgException {
        Scheme scheme = scheme(e.schemeId());
        BlsBackend backend = bls.backend();
        List<Point> keys = new ArrayList<>();
        for (Participant p : e.newNodes()) {
            keys.add(backend.decode(scheme.keyGroup(), p.key()));
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        byte[] session = DkgConfig.sessionId(e.epoch());
        if (e.epoch() == 1) {
            return DkgConfig.fresh(scheme, backend, kp.secret(), nodes, e.threshold(), session);
        }
        KeyStore ks = keyStore(e.beaconId());
        Group old;
        KeyShare share = null;
        try {
            boolean remainer = e.find(e.remaining(), kp.identity().address()).isPresent();
            if (remainer) {
                old = ks.loadGroup();
                share = ks.loadShare();
            } else {
                if (e.previousGroup() == null) {
                    throw new DkgException("dkg reshare: joiner without the previous group (run 'jdrand dkg join --group')");
                }
                old = ks.parseGroup("previous group", e.previousGroup());
            }
        } catch (KeyFileException ex) {
            throw new DkgException("dkg reshare: " + ex.getMessage());
        }
        List<DkgNode> oldNodes = old.nodes().stream().map(m -> new DkgNode(m.index(), m.identity().key())).toList();
        return DkgConfig.reshare(scheme, backend, kp.secret(), oldNodes, old.publicCoefficients(),
                share == null ? null : share.share(), nodes, e.threshold(), session);
    }

    private void finish(KeyPair kp, DkgEntry entry, DkgOutcome outcome) {
        String id = entry.beaconId();
        DkgExecution exec = executions.remove(id);
        Instant kickedOff = exec == null ? null : exec.started();
        cancelTimers(id);
        if (outcome instanceof DkgFailure f) {
            fail(id, f.kind() + ": " + f.message());
            return;
        }
        DkgResult r = (DkgResult) outcome;
        try {
            GroupFileWriter.Written written = files.write(entry, r);
            Group group = written.group();
            KeyShare share = written.share();
            // in QUAL order, as before the writer was split out
            List<String> members = r.qual().stream()
                    .map(n -> group.memberWithKey(n.publicKey()).orElseThrow().identity().address()).toList();
            DkgEntry done = entry.toBuilder().state(DkgState.COMPLETE).finalGroup(members).build();
            done = new DkgEntry(done.beaconId(), done.state(), done.epoch(), done.threshold(), done.timeout(),
                    done.genesisTime(), group.genesisSeed(), done.transitionTime(), done.periodSeconds(),
                    done.catchupPeriodSeconds(), done.schemeId(), done.leader(), done.remaining(), done.joining(),
                    done.leaving(), done.acceptors(), done.rejectors(), done.finalGroup(), done.kickoff(), null, "");
            entries.put(id, new DkgStateFile.Entries(done, done));
            persist();
            BroadcastCounts c = broadcastCounts();
            LOG.info("dkg complete id={} epoch={} index={} n={} t={} group_key={} group_file={} "
                    + "kickoff_to_written_ms={} packets_in={} dropped_unread={} decoded={}", id, entry.epoch(),
                    r.index(), members.size(), entry.threshold(), Hex.shortHex(r.groupKey().toBytes()), written.groupFile(),
                    kickedOff == null ? -1 : Duration.between(kickedOff, now()).toMillis(), c.copies(),
                    c.droppedUnread(), c.decoded());
            handoff.completed(id, group, share, entry.epoch());
        } catch (Exception e) {
            LOG.error("dkg result not saved id={} error={}", id, e.getMessage(), e);
            fail(id, "dkg result: " + e.getMessage());
        }
    }

    private void fail(String id, String reason) {
        executions.remove(id);
        DkgEntry cur = entries(id).current();
        put(cur.toBuilder().state(DkgState.FAILED).error(reason).build());
        persistQuietly();
        LOG.warn("dkg failed id={} epoch={} reason={}", id, cur.epoch(), reason);
    }

    /** drand: epoch 1 switches at genesis; later epochs 10 rounds after the (common) kickoff. */
    static long transitionTime(DkgEntry e, Instant kickoff) {
        long genesis = e.genesisTime().getEpochSecond();
        if (e.epoch() == 1) {
            return genesis;
        }
        long round = RoundTime.currentRound(genesis, e.periodSeconds(), kickoff.getEpochSecond());
        return RoundTime.timeOfRound(genesis, e.periodSeconds(), round + TRANSITION_ROUNDS);
    }

    // ------------------------------------------------------------------ validation

    /**
     * drand's ValidateProposal (dkg.md §8 step 2), the dkg module's rules, against this node's
     * current ceremony (or its last finished one after an abort, timeout or failure).
     */
    private void validate(DkgEntry t, DkgStateFile.Entries es) throws DkgException {
        Ceremony reference = Ceremony.reference(es.current().ceremony(),
                Optional.ofNullable(es.finished()).map(DkgEntry::ceremony));
        try {
            ProposalValidation.validate(reference, t.terms(), now(), identities(t.schemeId()));
        } catch (CeremonyException e) {
            throw new DkgException(e.getMessage());
        }
    }

    /** Self-signature checks for {@code schemeId}; an unknown scheme fails validation before any is checked. */
    private IdentityCheck identities(String schemeId) {
        try {
            return IdentityCheck.forScheme(bls.backend(), Scheme.byId(schemeId));
        } catch (IllegalArgumentException e) {
            return p -> false;
        }
    }

    // ------------------------------------------------------------------ helpers

    private void scheduleProposalTimeout(DkgEntry e) {
        if (e.timeout() == null || States.idle(e.state()) || e.state() == DkgState.EXECUTING) {
            return;
        }
        String id = e.beaconId();
        int epoch = e.epoch();
        addTimer(id, scheduler.schedule(e.timeout(), () -> owner.execute(() -> {
            DkgEntry cur = entries(id).current();
            if (cur.epoch() == epoch && cur.state().canMoveTo(DkgState.TIMED_OUT) && cur.state() != DkgState.EXECUTING) {
                put(cur.toBuilder().state(DkgState.TIMED_OUT).error("proposal timeout " + cur.timeout() + " passed")
                        .build());
                persistQuietly();
                LOG.warn("dkg timed out id={} epoch={} state_was={}", id, epoch, cur.state());
            }
        })));
    }

    private void addTimer(String id, Scheduler.Cancellable c) {
        timers.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
    }

    private void cancelTimers(String id) {
        List<Scheduler.Cancellable> list = timers.remove(id);
        if (list != null) {
            list.forEach(Scheduler.Cancellable::cancel);
        }
    }

    private GossipPacket signed(KeyPair kp, DkgEntry terms, GossipPayload part, GossipPacket.Builder b) {
        byte[] msg = GossipSigning.message(terms.beaconId(), part, terms.terms());
        byte[] sig = bls.sign(kp.scheme(), kp.secret(), msg);
        return b.setMetadata(GossipMetadata.newBuilder().setBeaconID(terms.beaconId())
                .setAddress(kp.identity().address()).setSignature(ByteString.copyFrom(sig))).build();
    }

    private static List<String> others(DkgEntry e, String me) {
        return e.everyone().stream().map(Participant::address).filter(a -> !a.equals(me)).distinct().toList();
    }

    private static List<Participant> plus(List<Participant> list, Participant p) {
        if (list.stream().anyMatch(x -> x.address().equals(p.address()))) {
            return list;
        }
        List<Participant> out = new ArrayList<>(list);
        out.add(p);
        return out;
    }

    private static void requireIdle(DkgEntry cur, String what) throws DkgException {
        if (!States.idle(cur.state())) {
            throw new DkgException(what + ": a ceremony is in progress (state " + States.name(cur.state()) + ", epoch " + cur.epoch()
                    + "): wait for it or abort it with 'jdrand dkg abort'");
        }
    }

    private Participant me(KeyPair kp) {
        NodeIdentity id = kp.identity();
        return new Participant(id.address(), id.key().toBytes(), id.signature());
    }

    private Scheme scheme(String id) throws DkgException {
        try {
            return Scheme.byId(id);
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg: " + e.getMessage());
        }
    }

    private KeyStore keyStore(String id) {
        return new KeyStore(folder, id, bls);
    }

    private KeyPair keyPair(String id) throws DkgException {
        KeyStore ks = keyStore(id);
        if (!ks.hasKeyPair()) {
            throw new DkgException("dkg: no key pair for beacon " + id + " in " + folder
                    + " (run 'jdrand generate-keypair --id " + id + " <host:port>' and restart the daemon)");
        }
        try {
            return ks.loadKeyPair();
        } catch (KeyFileException e) {
            throw new DkgException("dkg: " + e.getMessage());
        }
    }

    private DkgStateFile.Entries entries(String id) {
        return entries.computeIfAbsent(id, k -> new DkgStateFile.Entries(DkgEntry.fresh(k), null));
    }

    private void put(DkgEntry e) {
        DkgStateFile.Entries old = entries(e.beaconId());
        entries.put(e.beaconId(), new DkgStateFile.Entries(e, old.finished()));
    }

    private void persist() throws DkgException {
        try {
            file.save(entries);
        } catch (IOException e) {
            throw new DkgException("dkg state: cannot write " + file.file() + ": " + e.getMessage());
        }
    }

    private void persistQuietly() {
        try {
            persist();
        } catch (DkgException e) {
            LOG.error("dkg state not saved error={}", e.getMessage());
        }
    }

    private Instant now() {
        return scheduler.clock().instant();
    }

    private <T> T onOwner(Callable<T> task) throws DkgException {
        Future<T> f = owner.submit(task);
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DkgException d) {
                throw d;
            }
            if (c instanceof IllegalStateException || c instanceof IllegalArgumentException) {
                throw new DkgException(c.getMessage());
            }
            LOG.error("dkg internal error", c);
            throw new DkgException("dkg: internal error: " + c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DkgException("dkg: interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DkgException("dkg: busy for 30 s (the ceremony thread is stuck)");
        }
    }

    @Override
    public void close() {
        if (owner.isShutdown()) {
            return;
        }
        owner.execute(() -> {
            executions.values().forEach(DkgExecution::cancel);
            timers.keySet().forEach(k -> timers.get(k).forEach(Scheduler.Cancellable::cancel));
        });
        owner.shutdown();
        senders.shutdownNow();
        try {
            owner.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
