package org.jdrand.node.daemon;

import static org.jdrand.node.daemon.SyncReplies.clean;
import static org.jdrand.node.daemon.SyncReplies.error;
import static org.jdrand.node.daemon.SyncReplies.fail;
import static org.jdrand.node.daemon.SyncReplies.send;
import static org.jdrand.node.sync.OperatorSyncException.Reason.BAD_REQUEST;
import static org.jdrand.node.sync.OperatorSyncException.Reason.DATA_LOSS;
import static org.jdrand.node.sync.OperatorSyncException.Reason.FAILED;
import static org.jdrand.node.sync.OperatorSyncException.Reason.INTERRUPTED;
import static org.jdrand.node.sync.OperatorSyncException.Reason.UNAVAILABLE;
import static org.jdrand.node.sync.OperatorSyncException.Reason.UNKNOWN_BEACON;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.node.sync.OperatorSyncException;
import org.jdrand.node.sync.OperatorSyncRequest;
import org.jdrand.node.sync.OperatorSyncStream;
import org.jdrand.node.sync.PeerFetch;
import org.jdrand.node.sync.SyncManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator sync's check: verify stored rounds 1..up_to in batches, then re-fetch bad or missing
 * rounds from the given nodes and hand them to the round engine, which writes them. Progress:
 * first {@code {checked round, up_to}} ending with {@code {up_to, up_to}}, then, when rounds need
 * repair, {@code {repaired, bad}} from {@code {0, bad}}. Only this node's own address given: dry
 * run, which fails with DATA_LOSS naming the bad rounds and writes nothing.
 */
final class ChainCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ChainCheck.class);
    /** Rounds verified (and fetched) per batch, as sync does. */
    private static final int BATCH = SyncManager.MAX_BATCH;
    /** A peer silent this long (wall time) while re-fetching is dropped for the next. */
    private static final long FETCH_IDLE_MS = 10_000;
    private static final int LISTED_ROUNDS = 20;

    private final BeaconSupervisor supervisor;
    private final java.util.function.Supplier<Set<String>> ownAddresses;
    private final Random random;
    private final ExecutorService worker;

    ChainCheck(BeaconSupervisor supervisor, java.util.function.Supplier<Set<String>> ownAddresses,
            ExecutorService worker) {
        this.supervisor = supervisor;
        this.ownAddresses = ownAddresses;
        this.random = supervisor.random();
        this.worker = worker;
    }

    public void check(OperatorSyncRequest req, OperatorSyncStream obs) {
        String id = req.beaconId();
        obs.onCancel(() -> LOG.info("check cancelled by the client id={}", id));
        worker.execute(() -> {
            try {
                runCheck(id, req, obs);
            } catch (OperatorSyncException e) {
                fail(obs, e);
            } catch (StoreException e) {
                fail(obs, error(FAILED, "check: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(obs, error(INTERRUPTED, "check: interrupted"));
            } catch (RuntimeException e) {
                LOG.warn("check failed id={} error={}", id, e.toString());
                fail(obs, error(FAILED, "check: " + e.getMessage()));
            }
        });
    }

    private void runCheck(String id, OperatorSyncRequest req, OperatorSyncStream obs)
            throws OperatorSyncException, StoreException, InterruptedException {
        BeaconProcess p = supervisor.byId(id).orElseThrow(() -> error(UNKNOWN_BEACON, "check: no beacon " + id
                + " on this node (run its DKG, or follow it first with 'jdrand sync --follow')"));
        List<String> given = clean(req.nodes());
        if (given.isEmpty()) {
            throw error(BAD_REQUEST, "check: no node given (expected nodes to repair from, "
                    + "or this node's own address for a dry run)");
        }
        List<String> nodes = others(given, p);
        boolean dryRun = nodes.isEmpty();
        RoundEngine engine = p.engine();
        ChainStore store = p.store();
        long last = engine.lastRound();
        long upTo = req.upTo() == 0 ? last : req.upTo();
        byte[] hash = p.chainHash();
        TreeSet<Long> bad = new TreeSet<>();
        long checkedTo = Math.min(upTo, last);
        for (long from = 1; from <= checkedTo; from += BATCH) {
            long to = Math.min(checkedTo, from + BATCH - 1);
            List<Beacon> batch = read(store, from, to, bad);
            bad.addAll(engine.crypto().invalidRounds(batch));
            send(obs, to, upTo, id, hash);
            if (obs.isCancelled()) {
                return;
            }
        }
        for (long r = last + 1; r <= upTo; r++) {
            bad.add(r); // past the head: missing
        }
        if (checkedTo < upTo || checkedTo == 0) {
            send(obs, upTo, upTo, id, hash); // the check phase always ends with {up_to, up_to}, exactly once
        }
        if (bad.isEmpty()) {
            LOG.info("check done id={} up_to={} bad=0", id, upTo);
            obs.completed();
            return;
        }
        LOG.warn("check found bad rounds id={} up_to={} bad={} first={}", id, upTo, bad.size(), bad.first());
        if (dryRun) {
            throw error(DATA_LOSS, "check: " + bad.size() + " invalid or missing round(s) in 1.."
                    + upTo + ": " + describe(bad) + " (dry run with this node's own address: nothing written; "
                    + "give other nodes with --sync-nodes to repair)");
        }
        repair(p, nodes, bad, obs, hash);
    }

    /** Rounds from..to as stored; unreadable or missing rounds go to {@code bad}. */
    private static List<Beacon> read(ChainStore store, long from, long to, Set<Long> bad) {
        int n = (int) (to - from + 1);
        try {
            List<Beacon> got = store.range(from, n);
            if (got.size() == n && got.get(0).round() == from && got.get(n - 1).round() == to) {
                return got;
            }
        } catch (StoreException e) {
            LOG.debug("check: range {}..{} unreadable, reading round by round: {}", from, to, e.getMessage());
        }
        List<Beacon> out = new ArrayList<>(n);
        for (long r = from; r <= to; r++) {
            try {
                long round = r;
                store.get(r).ifPresentOrElse(out::add, () -> bad.add(round));
            } catch (StoreException e) {
                bad.add(r);
            }
        }
        return out;
    }

    private void repair(BeaconProcess p, List<String> nodes, TreeSet<Long> bad, OperatorSyncStream obs,
            byte[] hash) throws OperatorSyncException, StoreException, InterruptedException {
        String id = p.id();
        BeaconStreamSource source = new GrpcPeers(supervisor.channels(), id, nodes);
        int total = bad.size();
        int repaired = 0;
        send(obs, 0, total, id, hash);
        List<String> failed = new ArrayList<>();
        for (long[] range : ranges(bad)) {
            if (obs.isCancelled()) {
                return;
            }
            List<Beacon> fetched = fetch(p, source, nodes, range[0], range[1]);
            if (fetched == null) {
                failed.add(range[0] == range[1] ? "" + range[0] : range[0] + ".." + range[1]);
                continue;
            }
            write(p, fetched);
            repaired += fetched.size();
            send(obs, repaired, total, id, hash);
        }
        LOG.info("check repaired id={} repaired={} of={}", id, repaired, total);
        if (!failed.isEmpty()) {
            throw error(UNAVAILABLE, "check: round(s) " + String.join(", ", failed)
                    + " could not be fetched from " + nodes + " (" + repaired + " of " + total + " repaired)");
        }
        obs.completed();
    }

    /** Rounds a..b from the first node (random order) that serves them all, verified; null if none does. */
    private List<Beacon> fetch(BeaconProcess p, BeaconStreamSource source, List<String> nodes, long a, long b)
            throws InterruptedException {
        return PeerFetch.first(PeerFetch.shuffled(nodes, random), node -> fetchFrom(p, source, node, a, b),
                (node, e) -> LOG.info("check: re-fetch from node failed node={} rounds={}..{} error={}", node, a, b,
                        e.getMessage())).answer().orElse(null);
    }

    /** Rounds a..b streamed from one node, in order and verified; throws with what went wrong. */
    private static List<Beacon> fetchFrom(BeaconProcess p, BeaconStreamSource source, String node, long a, long b)
            throws InterruptedException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        BeaconStreamSource.Handle h = source.open(node, a, BeaconStreamSource.Sink.into(queue, "end"));
        List<Beacon> got = new ArrayList<>();
        try {
            while (got.size() < b - a + 1) {
                Object item = queue.poll(FETCH_IDLE_MS, TimeUnit.MILLISECONDS);
                if (!(item instanceof Beacon beacon)) {
                    throw new IllegalStateException(item == null ? "silent for " + FETCH_IDLE_MS + " ms"
                            : item instanceof Throwable t ? t.getMessage() : "stream ended");
                }
                if (beacon.round() != a + got.size()) {
                    throw new IllegalStateException("round " + beacon.round() + " out of order (expected "
                            + (a + got.size()) + ")");
                }
                got.add(beacon);
            }
        } finally {
            h.cancel();
        }
        List<Long> invalid = p.engine().crypto().invalidRounds(got);
        if (!invalid.isEmpty()) {
            throw new IllegalStateException(invalid.size() + " invalid beacon(s), first round " + invalid.get(0));
        }
        return got;
    }

    /** Re-fetched, verified rounds written by the engine, the chain's one writer (rewritten in place or appended). */
    private static void write(BeaconProcess p, List<Beacon> beacons) throws StoreException, InterruptedException {
        if (beacons.isEmpty()) {
            return;
        }
        try {
            p.engine().repairSynced(beacons).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreException("write of re-fetched rounds " + beacons.get(0).round() + ".."
                    + beacons.get(beacons.size() - 1).round() + ": " + e.getMessage(), e);
        }
    }

    /** Sorted rounds as contiguous ranges of at most one batch each. */
    private static List<long[]> ranges(TreeSet<Long> rounds) {
        List<long[]> out = new ArrayList<>();
        long[] cur = null;
        for (long r : rounds) {
            if (cur != null && r == cur[1] + 1 && r - cur[0] < BATCH) {
                cur[1] = r;
            } else {
                cur = new long[] {r, r};
                out.add(cur);
            }
        }
        return out;
    }

    private static String describe(TreeSet<Long> rounds) {
        List<String> parts = new ArrayList<>();
        long[] cur = null;
        List<long[]> runs = new ArrayList<>();
        for (long r : rounds) {
            if (cur != null && r == cur[1] + 1) {
                cur[1] = r;
            } else {
                cur = new long[] {r, r};
                runs.add(cur);
            }
        }
        for (long[] run : runs.subList(0, Math.min(runs.size(), LISTED_ROUNDS))) {
            parts.add(run[0] == run[1] ? "" + run[0] : run[0] + ".." + run[1]);
        }
        return String.join(", ", parts) + (runs.size() > LISTED_ROUNDS ? ", ..." : "");
    }



    /** The given nodes without this node's own addresses. */
    private List<String> others(List<String> nodes, BeaconProcess p) {
        return SyncReplies.others(nodes, p, ownAddresses.get());
    }
}
