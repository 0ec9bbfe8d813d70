package org.jdrand.node.dkg;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.RoundTime;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgFailure;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgOutcome;
import org.jdrand.dkg.DkgPhase;
import org.jdrand.dkg.DkgResult;
import org.jdrand.dkg.DkgSession;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.dkg.DkgProcess.BroadcastCounts;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.dkg.DkgProcess.Timeouts;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the kyber session of an executing ceremony: sets it up from the entry and the key files,
 * prepares before and starts at the kickoff, bounds it with a deadline, and on the outcome
 * writes the group and share files, completes the entry and hands the beacon over. Owner thread
 * only (timers hop back through {@code owner}).
 */
final class ExecutionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRunner.class);
    /** drand: the transition happens 10 rounds after the reshare. */
    static final int TRANSITION_ROUNDS = 10;

    private final Bls bls;
    private final Scheduler scheduler;
    private final Executor owner;
    private final CeremonyBook book;
    private final NodeKeys keys;
    private final GroupFileWriter files;
    private final BeaconHandoff handoff;
    private final DkgTimers timers;
    private final Timeouts timeouts;
    private final SecureRandom random;
    private final EchoSenders echoes;
    private final DkgNetwork network;
    private final Map<String, DkgExecution> executions = new HashMap<>();
    private BundleInbox inbox;

    ExecutionRunner(Bls bls, Scheduler scheduler, Executor owner, CeremonyBook book, NodeKeys keys,
            GroupFileWriter files, BeaconHandoff handoff, DkgTimers timers, Timeouts timeouts, SecureRandom random,
            DkgNetwork network) {
        this.bls = bls;
        this.scheduler = scheduler;
        this.owner = owner;
        this.book = book;
        this.keys = keys;
        this.files = files;
        this.handoff = handoff;
        this.timers = timers;
        this.timeouts = timeouts;
        this.random = random;
        this.network = network;
        this.echoes = new EchoSenders(network);
    }

    void inbox(BundleInbox inbox) {
        this.inbox = inbox;
    }

    /** The running execution of {@code id}, or null. */
    DkgExecution running(String id) {
        return executions.get(id);
    }

    void cancelAll() {
        executions.values().forEach(DkgExecution::cancel);
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

    void begin(KeyPair kp, DkgEntry entry) {
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
                owner::execute, timeouts.phaseTimeout(), outcome -> finish(entry, outcome));
        DkgExecution old = executions.put(id, exec);
        if (old != null) {
            old.cancel();
        }
        inbox.release(id, exec);
        // after this task (the leader's execute gossip goes out first), before the kickoff
        owner.execute(() -> {
            if (executions.get(id) == exec) {
                exec.prepare();
            }
        });
        timers.add(id, scheduler.schedule(entry.kickoff(), () -> owner.execute(() -> {
            if (executions.get(id) == exec && exec.phase() == DkgPhase.INIT) {
                exec.start();
            }
        })));
        // never a hang: 3 phases plus slack after kickoff, the execution must have ended
        Instant deadline = entry.kickoff().plus(timeouts.phaseTimeout().multipliedBy(4)).plusSeconds(2);
        timers.add(id, scheduler.schedule(deadline, () -> owner.execute(() -> {
            DkgEntry cur = book.current(id);
            if (cur.state() == DkgState.EXECUTING && cur.epoch() == entry.epoch()) {
                exec.cancel();
                executions.remove(id);
                book.put(cur.ended(cur.ceremony().timedOut(), "dkg execution: no result by " + deadline));
                book.persistQuietly();
                LOG.warn("dkg timed out id={} epoch={} phase={}", id, entry.epoch(), exec.phase());
            }
        })));
        LOG.info("dkg executing id={} epoch={} kickoff={} transition={}", id, entry.epoch(), entry.kickoff(),
                entry.transitionTime());
    }

    private void sendBundle(String id, List<String> peers, DkgBundle bundle, boolean echo) {
        if (echo) {
            echoes.echo(peers, bundle, id);
        } else {
            inbox.own(network.copyKey(id, bundle));
            echoes.own(peers, bundle, id);
        }
    }

    private DkgConfig dkgConfig(KeyPair kp, DkgEntry e) throws DkgException {
        Scheme scheme = NodeKeys.scheme(e.schemeId());
        BlsBackend backend = bls.backend(scheme);
        List<Point> nodeKeys = new ArrayList<>();
        for (Participant p : e.newNodes()) {
            nodeKeys.add(backend.decode(scheme.keyGroup(), p.key()));
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(nodeKeys);
        byte[] session = DkgConfig.sessionId(e.epoch());
        if (e.epoch() == 1) {
            return DkgConfig.fresh(scheme, backend, kp.secret(), nodes, e.threshold(), session);
        }
        KeyStore ks = keys.keyStore(e.beaconId());
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

    private void finish(DkgEntry entry, DkgOutcome outcome) {
        String id = entry.beaconId();
        DkgExecution exec = executions.remove(id);
        Instant kickedOff = exec == null ? null : exec.started();
        timers.cancel(id);
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
            DkgEntry cur = book.current(id);
            DkgEntry done = DkgEntry.of(ProposalCheck.ruled(() -> cur.ceremony().complete(members, group.genesisSeed(),
                    scheduler.clock().instant()))).withKickoff(cur.kickoff(), cur.transitionTime());
            book.complete(done);
            book.persist();
            BroadcastCounts c = inbox.counts();
            LOG.info("dkg complete id={} epoch={} index={} n={} t={} group_key={} group_file={} "
                    + "kickoff_to_written_ms={} packets_in={} dropped_unread={} decoded={}", id, entry.epoch(),
                    r.index(), members.size(), entry.threshold(), Hex.shortHex(r.groupKey().toBytes()),
                    written.groupFile(), kickedOff == null ? -1 : Duration.between(kickedOff,
                    scheduler.clock().instant()).toMillis(), c.copies(), c.droppedUnread(), c.decoded());
            handoff.completed(id, group, share, entry.epoch());
        } catch (Exception e) {
            LOG.error("dkg result not saved id={} error={}", id, e.getMessage(), e);
            fail(id, "dkg result: " + e.getMessage());
        }
    }

    void fail(String id, String reason) {
        executions.remove(id);
        DkgEntry cur = book.current(id);
        if (!cur.state().canMoveTo(DkgState.FAILED)) {
            LOG.warn("dkg failure not recorded id={} epoch={} state={} reason={}", id, cur.epoch(), cur.state(), reason);
            return;
        }
        book.put(cur.ended(cur.ceremony().failed(), reason));
        book.persistQuietly();
        LOG.warn("dkg failed id={} epoch={} reason={}", id, cur.epoch(), reason);
    }
}
