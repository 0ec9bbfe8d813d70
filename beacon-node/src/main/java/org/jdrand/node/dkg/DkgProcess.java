package org.jdrand.node.dkg;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.key.KeyStore;
import java.util.function.Supplier;
import org.jdrand.dkg.DkgBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drand v2's DKG process for every beacon ID of a daemon (internal/dkg), the coordinator of the
 * ceremony's owners: {@link OperatorCommands} and {@link PacketIntake} change the entries kept
 * by {@link CeremonyBook}, {@link ExecutionRunner} runs the kyber session fed by the
 * {@link BundleInbox}, {@link GossipFanout} sends. All ceremony state is owned by one thread;
 * network sends run on a small pool and never block it.
 */
public final class DkgProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DkgProcess.class);
    /** drand: proposals are sent up to 7 times with 200 ms × attempt backoff. */
    private static final int PROPOSAL_TRIES = 7;
    /** drand: the transition happens 10 rounds after the reshare. */
    static final int TRANSITION_ROUNDS = ExecutionRunner.TRANSITION_ROUNDS;

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

    /**
     * Received DKG packets so far: all copies, copies dropped unread as byte-identical to one
     * seen before, and bundles decoded (handed to the ceremony).
     */
    public record BroadcastCounts(long copies, long droppedUnread, long decoded) {}

    private final ExecutorService owner;
    private final ExecutorService senders;
    private final CeremonyBook book;
    private final DkgTimers timers = new DkgTimers();
    private final ProposalTimeouts proposals;
    private final ExecutionRunner runner;
    private final BundleInbox inbox;
    private final OperatorCommands commands;
    private final PacketIntake intake;
    private final GossipFanout<GossipMessage> fanout;
    private final NodeKeys keys;
    private final java.time.InstantSource clock;
    /** This node's address per beacon ID (its key pair), to tell whether it leads a ceremony. */
    private final java.util.Map<String, String> ownAddress = new java.util.HashMap<>();
    private final DkgObserver observer;

    public DkgProcess(Path folder, Bls bls, Scheduler scheduler, DkgNetwork network, BeaconHandoff handoff,
            Timeouts timeouts, SecureRandom random) {
        this(folder, bls, scheduler, network, handoff, timeouts, random, DkgObserver.NONE);
    }

    /** @param observer told of every state recorded, from {@link #start()} on (dkg_*, reshare_* metrics) */
    public DkgProcess(Path folder, Bls bls, Scheduler scheduler, DkgNetwork network, BeaconHandoff handoff,
            Timeouts timeouts, SecureRandom random, DkgObserver observer) {
        this.observer = observer;
        this.owner = Executors.newSingleThreadExecutor(named("jdrand-dkg"));
        this.senders = Executors.newFixedThreadPool(4, named("jdrand-dkg-send"));
        this.book = new CeremonyBook(folder);
        this.keys = new NodeKeys(folder, bls);
        this.clock = scheduler.clock();
        book.onChange(this::recorded);
        ProposalCheck check = new ProposalCheck(bls, scheduler.clock());
        this.proposals = new ProposalTimeouts(scheduler, owner, book, timers);
        this.runner = new ExecutionRunner(bls, scheduler, owner, book, keys, new GroupFileWriter(folder, bls), handoff,
                timers, timeouts, random, network);
        this.inbox = new BundleInbox(owner, runner::running, () -> scheduler.clock().instant());
        runner.inbox(inbox);
        this.commands = new OperatorCommands(bls, scheduler.clock(), book, keys, check, proposals, runner, timeouts);
        this.intake = new PacketIntake(bls, scheduler.clock(), book, keys, check, proposals, runner, handoff);
        this.fanout = new GossipFanout<>(network::packet, scheduler, senders);
    }

    /** On the owner thread, after the book changed or at load. */
    private void recorded(DkgEntry e) {
        String me = ownAddress.computeIfAbsent(e.beaconId(), id -> {
            try {
                return keys.keyPair(id).identity().address();
            } catch (DkgException noKeyPair) {
                return null;
            }
        });
        observer.stateChanged(e.beaconId(), e.state(), e.epoch(), me != null && e.isLeader(me), clock.instant());
    }

    private static ThreadFactory named(String prefix) {
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
                book.load();
                for (String id : book.beaconIds()) {
                    DkgEntry cur = book.current(id);
                    if (cur.state() == DkgState.EXECUTING) {
                        book.put(cur.ended(cur.ceremony().failed(),
                                "node restarted during the execution of epoch " + cur.epoch()));
                        LOG.warn("dkg failed id={} epoch={} reason=restarted during execution", id, cur.epoch());
                    } else {
                        proposals.watch(cur);
                        recorded(cur); // as drand at load: the state of every beacon ID known
                    }
                }
                book.persist();
                return null;
            });
        } catch (DkgException e) {
            throw new IOException(e.getMessage(), e);
        }
        return this;
    }

    public Path stateFile() {
        return book.file();
    }

    /** The current and last finished ceremony of {@code beaconId}. */
    public DkgStateFile.Entries status(String beaconId) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(beaconId);
        return onOwner(() -> book.entries(id));
    }

    /** Runs an operator command (dkg.DKGControl/Command); returns only when its gossip was sent. */
    public void command(DkgCommand cmd) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(cmd.beaconId());
        if (cmd instanceof DkgCommand.Initial o) {
            propose(id, () -> commands.initial(id, o));
        } else if (cmd instanceof DkgCommand.Resharing o) {
            propose(id, () -> commands.resharing(id, o));
        } else if (cmd instanceof DkgCommand.Join o) {
            onOwner(() -> commands.join(id, o));
        } else if (cmd instanceof DkgCommand.Accept) {
            gossip(onOwner(() -> commands.answer(id, true)), false);
        } else if (cmd instanceof DkgCommand.Reject) {
            gossip(onOwner(() -> commands.answer(id, false)), false);
        } else if (cmd instanceof DkgCommand.Execute) {
            gossip(onOwner(() -> commands.execute(id)), false);
        } else {
            gossip(onOwner(() -> commands.abort(id, "aborted by the leader")), false);
        }
    }

    private void propose(String id, Callable<Outgoing> prepare) throws DkgException {
        Outgoing out = onOwner(prepare);
        try {
            gossip(out, true);
        } catch (DkgException e) {
            // a participant that cannot get the proposal cannot take part: abort everywhere
            Outgoing abort = onOwner(() -> commands.abort(id, "proposal could not be delivered"));
            try {
                gossip(abort, false);
            } catch (DkgException ignored) {
                // best effort: the unreachable node never saw the proposal
            }
            throw new DkgException(e.getMessage() + "; the proposal was aborted on every reachable node: "
                    + "check that every participant's daemon is running and reachable, then propose again");
        }
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
        } catch (ExecutionException | TimeoutException e) {
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

    /** A gossip message from a peer (dkg.DKGPublic/Packet): verified, applied, then re-gossiped once. */
    public void packet(GossipMessage p) throws DkgException {
        Outgoing regossip = onOwner(() -> intake.apply(p));
        if (regossip != null && regossip.packet() != null && !regossip.to().isEmpty()) {
            // best effort, without holding the caller or a sender thread
            fanout.send(regossip.to(), regossip.packet(), 1).thenAccept(failures -> {
                if (!failures.isEmpty()) {
                    LOG.warn("dkg gossip incomplete id={} unreachable={}", regossip.beaconId(), failures);
                }
            });
        }
    }

    /**
     * A DKG bundle from a peer (dkg.DKGPublic/BroadcastDKG), for the running execution: a copy
     * already seen under {@code copyKey} is dropped before {@code decode} runs.
     */
    public void broadcast(String beaconId, String copyKey, Supplier<DkgBundle> decode) throws DkgException {
        String id;
        try {
            id = KeyStore.requireBeaconId(beaconId);
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg bundle: " + e.getMessage()); // a peer's word: refused, never thrown on
        }
        if (!keys.keyStore(id).hasKeyPair()) {
            // no ceremony can run here for it: refused rather than held until an execution that never comes
            throw new DkgException("dkg bundle: beacon " + id + " unknown here (no key pair)");
        }
        inbox.receive(beaconId, copyKey, decode);
    }

    public BroadcastCounts broadcastCounts() {
        return inbox.counts();
    }

    /** drand: epoch 1 switches at genesis; later epochs 10 rounds after the (common) kickoff. */
    static long transitionTime(DkgEntry e, Instant kickoff) {
        return ExecutionRunner.transitionTime(e, kickoff);
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
        } catch (TimeoutException e) {
            throw new DkgException("dkg: busy for 30 s (the ceremony thread is stuck)");
        }
    }

    @Override
    public void close() {
        if (owner.isShutdown()) {
            return;
        }
        owner.execute(() -> {
            runner.cancelAll();
            timers.cancelAll();
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
