package org.jdrand.node.daemon;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconGroup;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.beacon.GroupMember;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.grpc.ChainSyncHandler;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.node.sync.PeerFetch;
import org.jdrand.node.sync.SyncManager;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.StartSyncRequest;
import org.jdrand.proto.drand.SyncProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drand's operator sync (drand_beacon_control.go, node-protocol.md §6.3).
 *
 * <p><b>Follow</b> (a node with no share of the chain): fetch the chain info from the given nodes
 * and check it (chain hash, beacon ID), open the store (the daemon's --db) seeded with genesis or
 * resuming from its last round, register a share-less beacon process (so Public gRPC and the HTTP
 * API serve the chain) and sync from the nodes with every beacon batch-verified, streaming
 * {@code SyncProgress{current, target}}. up_to = 0 follows until the stream is cancelled. When
 * every node failed, the sync is retried one period later. The follower process stays registered
 * (its chain served) after its follow ends; the next follow resumes it.
 *
 * <p><b>Check</b>: verify stored rounds 1..up_to in batches, then re-fetch bad or missing rounds
 * from the given nodes and write them without append checks. Progress: first
 * {@code {checked round, up_to}} ending with {@code {up_to, up_to}}, then, when rounds need
 * repair, {@code {repaired, bad}} from {@code {0, bad}}. Only this node's own address given:
 * dry run, which fails with DATA_LOSS naming the bad rounds and writes nothing.
 */
final class OperatorSync implements ChainSyncHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorSync.class);
    private static final long CHAIN_INFO_DEADLINE_MS = 10_000;
    /** Check: rounds verified (and fetched) per batch, as sync does. */
    private static final int BATCH = SyncManager.MAX_BATCH;
    /** Check: a peer silent this long (wall time) while re-fetching is dropped for the next. */
    private static final long FETCH_IDLE_MS = 10_000;
    private static final int LISTED_ROUNDS = 20;

    private final BeaconSupervisor supervisor;
    private final java.util.function.Supplier<Set<String>> ownAddresses;
    private final FollowerStores stores;
    private final Scheduler scheduler;
    private final Random random;
    private final Map<String, FollowJob> follows = new ConcurrentHashMap<>();
    private final ExecutorService worker;

    /** @param ownAddresses the daemon's own listener addresses, left out of the peers an operator names */
    OperatorSync(BeaconSupervisor supervisor, java.util.function.Supplier<Set<String>> ownAddresses, FollowerStores stores) {
        this.supervisor = supervisor;
        this.ownAddresses = ownAddresses;
        this.stores = stores;
        this.scheduler = supervisor.scheduler();
        this.random = supervisor.random();
        AtomicInteger n = new AtomicInteger();
        this.worker = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdrand-operator-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------- follow

    @Override
    public void follow(StartSyncRequest req, ServerCallStreamObserver<SyncProgress> obs) {
        String id = ChainInfo.normaliseBeaconId(req.getMetadata().getBeaconID());
        AtomicReference<FollowJob> job = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        // must be set before this method returns; the job may not exist yet when the client leaves
        obs.setOnCancelHandler(() -> {
            cancelled.set(true);
            FollowJob j = job.get();
            if (j != null) {
                j.stop("follow cancelled by the client");
            }
        });
        worker.execute(() -> {
            try {
                FollowJob j = startFollow(id, req, obs);
                job.set(j);
                if (cancelled.get()) {
                    j.stop("follow cancelled by the client");
                    return;
                }
                j.begin();
            } catch (StatusException e) {
                fail(obs, e);
            } catch (RuntimeException e) {
                LOG.warn("follow failed id={} error={}", id, e.toString());
                fail(obs, Status.INTERNAL.withDescription("follow: " + e.getMessage()).asException());
            }
        });
    }

    private FollowJob startFollow(String id, StartSyncRequest req, ServerCallStreamObserver<SyncProgress> obs)
            throws StatusException {
        BeaconProcess existing = supervisor.byId(id).orElse(null);
        if (existing != null && existing.self().isPresent()) {
            throw Status.FAILED_PRECONDITION.withDescription("follow: beacon " + id
                    + " runs here as a member of its group (follow is for nodes without a share)").asException();
        }
        List<String> nodes = others(req.getNodesList(), existing);
        if (nodes.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("follow: no node to sync from (expected addresses of nodes "
                    + "serving the chain, other than this one)").asException();
        }
        byte[] expected = req.getMetadata().getChainHash().isEmpty() ? null : req.getMetadata().getChainHash().toByteArray();
        ChainInfo info = fetchChainInfo(id, nodes, expected);
        if (existing != null && !Arrays.equals(existing.chainHash(), info.hash())) {
            throw Status.FAILED_PRECONDITION.withDescription("follow: beacon " + id + " here follows chain "
                    + Hex.shortHex(existing.chainHash()) + " (nodes serve " + Hex.shortHex(info.hash()) + ")")
                    .asException();
        }
        FollowJob job = new FollowJob(id, info, nodes, req.getUpTo(), obs);
        if (follows.putIfAbsent(id, job) != null) {
            throw Status.ALREADY_EXISTS.withDescription("follow: beacon " + id
                    + " is already being followed (stop the other 'jdrand sync --follow' first)").asException();
        }
        try {
            if (existing != null) {
                job.attach(existing);
            } else {
                ChainStore store = stores.open(info);
                BeaconGroup group = followerGroup(info, nodes);
                try {
                    supervisor.start(new BeaconSetup(group, null, null, store, StartMode.CATCHUP), job::attach);
                } catch (RuntimeException e) {
                    store.close();
                    throw e;
                }
                LOG.info("follower added id={} chain={} last={}", id, info.hashHex().substring(0, 8),
                        job.process.engine().lastRound());
            }
            return job;
        } catch (StoreException e) {
            follows.remove(id, job);
            throw Status.FAILED_PRECONDITION.withDescription("follow: " + e.getMessage()).asException();
        } catch (RuntimeException e) {
            follows.remove(id, job);
            throw e;
        }
    }

    /**
     * A follower's view of its group: it knows only the chain info, so the members are the nodes
     * it syncs from and every commitment is the group key (the only one used: a follower never
     * checks partials, it verifies recovered beacons).
     */
    private static BeaconGroup followerGroup(ChainInfo info, List<String> nodes) {
        byte[] key = info.publicKey();
        List<GroupMember> members = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            members.add(new GroupMember(i, nodes.get(i), key, new byte[0]));
        }
        int threshold = nodes.size() / 2 + 1;
        return new BeaconGroup(info.beaconId(), info.scheme(), threshold, info.periodSeconds(), info.periodSeconds(),
                info.genesisTime(), info.genesisTime(), info.genesisSeed(), members,
                Collections.nCopies(threshold, key));
    }

    /** Asks every node for the chain info; all that answer must agree with each other and with {@code expected}. */
    private ChainInfo fetchChainInfo(String id, List<String> nodes, byte[] expected) throws StatusException {
        ChainInfo chosen = null;
        byte[] want = expected;
        List<String> errors = new ArrayList<>();
        for (String node : nodes) {
            ChainInfo info;
            try {
                ChainInfoPacket p = PublicGrpc.newBlockingStub(supervisor.channels().channel(node))
                        .withDeadlineAfter(CHAIN_INFO_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .chainInfo(ChainInfoRequest.newBuilder().setMetadata(Metadata.newBuilder().setBeaconID(id)).build());
                info = ProtoMapper.fromChainInfo(p);
            } catch (StatusRuntimeException | IllegalArgumentException e) {
                String why = e instanceof StatusRuntimeException s ? s.getStatus().getCode() + " "
                        + s.getStatus().getDescription() : e.getMessage();
                LOG.warn("follow: chain info unavailable node={} error={}", node, why);
                errors.add(node + ": " + why);
                continue;
            }
            if (!ChainInfo.normaliseBeaconId(info.beaconId()).equals(id)) {
                throw Status.FAILED_PRECONDITION.withDescription("follow: beacon ID " + info.beaconId() + " from "
                        + node + " (expected " + id + ")").asException();
            }
            if (want == null) {
                want = info.hash();
            }
            if (!Arrays.equals(info.hash(), want)) {
                throw Status.FAILED_PRECONDITION.withDescription("follow: chain hash " + Hex.shortHex(info.hash())
                        + " from " + node + " (expected " + Hex.shortHex(want) + ")").asException();
            }
            if (chosen == null) {
                chosen = info;
            }
        }
        if (chosen == null) {
            throw Status.UNAVAILABLE.withDescription("follow: no chain info for beacon " + id + " from any node: "
                    + String.join("; ", errors)).asException();
        }
        if (expected == null) {
            LOG.warn("follow: no chain hash given, trusting the nodes' chain id={} chain={}", id,
                    chosen.hashHex().substring(0, 8));
        }
        return chosen;
    }

    /** One running follow: its own sync client, so that ending it never touches the process's. */
    private final class FollowJob {
        final String id;
        final ChainInfo info;
        final List<String> nodes;
        final long upTo;
        final ServerCallStreamObserver<SyncProgress> obs;
        volatile BeaconProcess process;
        private SyncManager sync;
        private Scheduler.Cancellable retry;
        private boolean done; // guarded by this

        FollowJob(String id, ChainInfo info, List<String> nodes, long upTo, ServerCallStreamObserver<SyncProgress> obs) {
            this.id = id;
            this.info = info;
            this.nodes = nodes;
            this.upTo = upTo;
            this.obs = obs;
        }

        /** Wires the sync client to the process; for a new process, before its engine starts. */
        void attach(BeaconProcess p) {
            this.process = p;
            Duration idle = Duration.ofSeconds(Math.max(3, 2L * info.periodSeconds()));
            this.sync = new SyncManager(p.engine(), new FromStoredRound(new GrpcPeers(supervisor.channels(), id, nodes)),
                    nodes, random, idle);
            sync.addProgressListener((current, target) -> progress(current));
            // the engine asks for a sync when its clock runs ahead of the chain: follow the job's target
            p.engine().setSyncTrigger(round -> request());
        }

        void begin() {
            long last = process.engine().lastRound();
            progress(last);
            if (!isDone()) {
                request();
                scheduleRetry();
            }
        }

        private void request() {
            if (!isDone()) {
                sync.requestSync(upTo);
            }
        }

        /** drand retries a failed follow after one period. */
        private void scheduleRetry() {
            Scheduler.Cancellable c = scheduler.schedule(scheduler.clock().instant().plusSeconds(info.periodSeconds()),
                    () -> {
                        if (isDone()) {
                            return;
                        }
                        if (supervisor.byId(id).orElse(null) != process) {
                            // stopped (control Shutdown --id) or replaced under the follow
                            if (stop("beacon process stopped")) {
                                fail(obs, Status.UNAVAILABLE.withDescription("follow: beacon " + id
                                        + " was stopped on this node").asException());
                            }
                            return;
                        }
                        if (!sync.isSyncing()) {
                            request();
                        }
                        scheduleRetry();
                    });
            synchronized (this) {
                retry = c;
            }
        }

        private synchronized boolean isDone() {
            return done;
        }

        private void progress(long current) {
            long target = upTo > 0 ? upTo : Math.max(current, process.engine().clockRound());
            synchronized (this) {
                if (done) {
                    return;
                }
                try {
                    if (!obs.isCancelled()) {
                        obs.onNext(SyncProgress.newBuilder().setCurrent(current).setTarget(target)
                                .setMetadata(ProtoMapper.metadata(id, info.hash())).build());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("follow progress not delivered id={} error={}", id, e.toString());
                }
            }
            if (upTo > 0 && current >= upTo) {
                if (stop("follow reached round " + upTo)) {
                    synchronized (this) {
                        try {
                            obs.onCompleted();
                        } catch (RuntimeException e) {
                            LOG.debug("follow end not delivered id={} error={}", id, e.toString());
                        }
                    }
                }
            }
        }

        /** Ends the follow: the sync client closes, the process (and its chain) stays. */
        boolean stop(String why) {
            Scheduler.Cancellable r;
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
                r = retry;
            }
            if (r != null) {
                r.cancel();
            }
            if (sync != null) {
                sync.close();
            }
            if (process != null) {
                process.engine().setSyncTrigger(round -> { });
            }
            follows.remove(id, this);
            LOG.info("follow ended id={} last={} reason={}", id, process == null ? -1 : process.engine().lastRound(), why);
            return true;
        }
    }

    /**
     * Opens chain streams one round early and drops that round. A node serves SyncChain only from
     * a round it stores (§6.2), so a follower at the head asking for last + 1 would be refused
     * until the next round exists; asking for last (which any node at the head has) keeps a live
     * stream that delivers each new round as it is produced.
     */
    private static final class FromStoredRound implements BeaconStreamSource {
        private final BeaconStreamSource inner;

        FromStoredRound(BeaconStreamSource inner) {
            this.inner = inner;
        }

        @Override
        public Handle open(String peer, long fromRound, Sink sink) {
            if (fromRound <= 1) {
                return inner.open(peer, fromRound, sink);
            }
            return inner.open(peer, fromRound - 1, new Sink() {
                @Override
                public void onBeacon(Beacon beacon) {
                    if (beacon.round() >= fromRound) {
                        sink.onBeacon(beacon);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    sink.onError(error);
                }

                @Override
                public void onCompleted() {
                    sink.onCompleted();
                }
            });
        }
    }

    // ---------------------------------------------------------------- check

    @Override
    public void check(StartSyncRequest req, ServerCallStreamObserver<SyncProgress> obs) {
        String id = ChainInfo.normaliseBeaconId(req.getMetadata().getBeaconID());
        obs.setOnCancelHandler(() -> LOG.info("check cancelled by the client id={}", id));
        worker.execute(() -> {
            try {
                runCheck(id, req, obs);
            } catch (StatusException e) {
                fail(obs, e);
            } catch (StoreException e) {
                fail(obs, Status.INTERNAL.withDescription("check: " + e.getMessage()).asException());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(obs, Status.ABORTED.withDescription("check: interrupted").asException());
            } catch (RuntimeException e) {
                LOG.warn("check failed id={} error={}", id, e.toString());
                fail(obs, Status.INTERNAL.withDescription("check: " + e.getMessage()).asException());
            }
        });
    }

    private void runCheck(String id, StartSyncRequest req, ServerCallStreamObserver<SyncProgress> obs)
            throws StatusException, StoreException, InterruptedException {
        BeaconProcess p = supervisor.byId(id).orElseThrow(() -> Status.NOT_FOUND.withDescription("check: no beacon " + id
                + " on this node (run its DKG, or follow it first with 'jdrand sync --follow')").asException());
        List<String> given = clean(req.getNodesList());
        if (given.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("check: no node given (expected nodes to repair from, "
                    + "or this node's own address for a dry run)").asException();
        }
        List<String> nodes = others(given, p);
        boolean dryRun = nodes.isEmpty();
        RoundEngine engine = p.engine();
        ChainStore store = p.store();
        long last = engine.lastRound();
        long upTo = req.getUpTo() == 0 ? last : req.getUpTo();
        Metadata md = ProtoMapper.metadata(id, p.chainHash());
        TreeSet<Long> bad = new TreeSet<>();
        long checkedTo = Math.min(upTo, last);
        for (long from = 1; from <= checkedTo; from += BATCH) {
            long to = Math.min(checkedTo, from + BATCH - 1);
            List<Beacon> batch = read(store, from, to, bad);
            bad.addAll(engine.crypto().invalidRounds(batch));
            send(obs, to, upTo, md);
            if (obs.isCancelled()) {
                return;
            }
        }
        for (long r = last + 1; r <= upTo; r++) {
            bad.add(r); // past the head: missing
        }
        if (checkedTo < upTo || checkedTo == 0) {
            send(obs, upTo, upTo, md); // the check phase always ends with {up_to, up_to}, exactly once
        }
        if (bad.isEmpty()) {
            LOG.info("check done id={} up_to={} bad=0", id, upTo);
            obs.onCompleted();
            return;
        }
        LOG.warn("check found bad rounds id={} up_to={} bad={} first={}", id, upTo, bad.size(), bad.first());
        if (dryRun) {
            throw Status.DATA_LOSS.withDescription("check: " + bad.size() + " invalid or missing round(s) in 1.."
                    + upTo + ": " + describe(bad) + " (dry run with this node's own address: nothing written; "
                    + "give other nodes with --sync-nodes to repair)").asException();
        }
        repair(p, nodes, bad, obs, md);
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

    private void repair(BeaconProcess p, List<String> nodes, TreeSet<Long> bad, ServerCallStreamObserver<SyncProgress> obs,
            Metadata md) throws StatusException, StoreException, InterruptedException {
        String id = p.id();
        BeaconStreamSource source = new GrpcPeers(supervisor.channels(), id, nodes);
        int total = bad.size();
        int repaired = 0;
        send(obs, 0, total, md);
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
            send(obs, repaired, total, md);
        }
        LOG.info("check repaired id={} repaired={} of={}", id, repaired, total);
        if (!failed.isEmpty()) {
            throw Status.UNAVAILABLE.withDescription("check: round(s) " + String.join(", ", failed)
                    + " could not be fetched from " + nodes + " (" + repaired + " of " + total + " repaired)").asException();
        }
        obs.onCompleted();
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

    private static void send(ServerCallStreamObserver<SyncProgress> obs, long current, long target, Metadata md) {
        if (!obs.isCancelled()) {
            obs.onNext(SyncProgress.newBuilder().setCurrent(current).setTarget(target).setMetadata(md).build());
        }
    }

    // ---------------------------------------------------------------- shared

    private static List<String> clean(List<String> nodes) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : nodes) {
            String t = n.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** The given nodes without this node's own addresses. */
    private List<String> others(List<String> nodes, BeaconProcess p) {
        Set<String> own = new java.util.HashSet<>(ownAddresses.get());
        if (p != null) {
            p.self().ifPresent(m -> own.add(m.address()));
        }
        return clean(nodes).stream().filter(n -> !own.contains(n)).toList();
    }

    private static void fail(ServerCallStreamObserver<SyncProgress> obs, StatusException e) {
        try {
            if (!obs.isCancelled()) {
                obs.onError(e);
            }
        } catch (RuntimeException ignored) {
            // the client is gone
        }
    }

    @Override
    public void close() {
        for (FollowJob j : List.copyOf(follows.values())) {
            if (j.stop("daemon stopping")) {
                fail(j.obs, Status.UNAVAILABLE.withDescription("follow: daemon stopping").asException());
            }
        }
        worker.shutdownNow();
    }
}
