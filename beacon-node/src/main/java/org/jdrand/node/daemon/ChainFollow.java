package org.jdrand.node.daemon;

import static org.jdrand.node.daemon.SyncReplies.error;
import static org.jdrand.node.daemon.SyncReplies.fail;
import static org.jdrand.node.sync.OperatorSyncException.Reason.ALREADY_RUNNING;
import static org.jdrand.node.sync.OperatorSyncException.Reason.BAD_REQUEST;
import static org.jdrand.node.sync.OperatorSyncException.Reason.FAILED;
import static org.jdrand.node.sync.OperatorSyncException.Reason.REFUSED;
import static org.jdrand.node.sync.OperatorSyncException.Reason.UNAVAILABLE;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.PublicClient;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.node.sync.OperatorSyncException;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncRequest;
import org.jdrand.node.sync.OperatorSyncStream;
import org.jdrand.node.sync.SyncManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator sync's follow (drand_beacon_control.go, node-protocol.md §6.3), for a node with no
 * share of the chain: fetch the chain info from the given nodes and check it (chain hash, beacon
 * ID), open the store (the daemon's --db) seeded with genesis or resuming from its last round,
 * have the supervisor start a share-less beacon process (so Public gRPC and the HTTP API serve the
 * chain) and sync from the nodes with every beacon batch-verified, streaming
 * {@code SyncProgress{current, target}}. up_to = 0 follows until the stream is cancelled. When
 * every node failed, the sync is retried one period later. The follower process stays registered
 * (its chain served) after its follow ends; the next follow resumes it.
 */
final class ChainFollow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainFollow.class);
    private static final Duration CHAIN_INFO_DEADLINE = Duration.ofSeconds(10);

    private final BeaconSupervisor supervisor;
    private final java.util.function.Supplier<Set<String>> ownAddresses;
    private final FollowerStores stores;
    private final Scheduler scheduler;
    private final Random random;
    private final Map<String, FollowJob> follows = new ConcurrentHashMap<>();
    private final ExecutorService worker;

    ChainFollow(BeaconSupervisor supervisor, java.util.function.Supplier<Set<String>> ownAddresses,
            FollowerStores stores, ExecutorService worker) {
        this.supervisor = supervisor;
        this.ownAddresses = ownAddresses;
        this.stores = stores;
        this.scheduler = supervisor.scheduler();
        this.random = supervisor.random();
        this.worker = worker;
    }

    public void follow(OperatorSyncRequest req, OperatorSyncStream obs) {
        String id = req.beaconId();
        AtomicReference<FollowJob> job = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        // must be set before this method returns; the job may not exist yet when the client leaves
        obs.onCancel(() -> {
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
            } catch (OperatorSyncException e) {
                fail(obs, e);
            } catch (RuntimeException e) {
                LOG.warn("follow failed id={} error={}", id, e.toString());
                fail(obs, error(FAILED, "follow: " + e.getMessage()));
            }
        });
    }

    private FollowJob startFollow(String id, OperatorSyncRequest req, OperatorSyncStream obs)
            throws OperatorSyncException {
        BeaconProcess existing = supervisor.byId(id).orElse(null);
        if (existing != null && existing.self().isPresent()) {
            throw error(REFUSED, "follow: beacon " + id
                    + " runs here as a member of its group (follow is for nodes without a share)");
        }
        List<String> nodes = others(req.nodes(), existing);
        if (nodes.isEmpty()) {
            throw error(BAD_REQUEST, "follow: no node to sync from (expected addresses of nodes "
                    + "serving the chain, other than this one)");
        }
        byte[] expected = req.hasChainHash() ? req.chainHash() : null;
        ChainInfo info = fetchChainInfo(id, nodes, expected);
        if (existing != null && !Arrays.equals(existing.chainHash(), info.hash())) {
            throw error(REFUSED, "follow: beacon " + id + " here follows chain "
                    + Hex.shortHex(existing.chainHash()) + " (nodes serve " + Hex.shortHex(info.hash()) + ")");
        }
        FollowJob job = new FollowJob(id, info, nodes, req.upTo(), obs);
        if (follows.putIfAbsent(id, job) != null) {
            throw error(ALREADY_RUNNING, "follow: beacon " + id
                    + " is already being followed (stop the other 'jdrand sync --follow' first)");
        }
        try {
            if (existing != null) {
                job.attach(existing);
            } else {
                ChainStore store = stores.open(info);
                Group group = followerGroup(info, nodes);
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
            throw error(REFUSED, "follow: " + e.getMessage());
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
    private Group followerGroup(ChainInfo info, List<String> nodes) {
        Point key = BlsBackends.forScheme(supervisor.backend(), info.scheme())
                .decode(info.scheme().keyGroup(), info.publicKey());
        List<String> distinct = nodes.stream().distinct().toList();
        List<Group.Member> members = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            members.add(new Group.Member(i, new NodeIdentity(distinct.get(i), key, new byte[0], info.scheme())));
        }
        int threshold = distinct.size() / 2 + 1;
        Duration period = Duration.ofSeconds(info.periodSeconds());
        return new Group(members, threshold, period, period, info.genesisTime(), info.genesisTime(),
                info.genesisSeed(), info.scheme(), info.beaconId(), Collections.nCopies(threshold, key));
    }

    /** Asks every node for the chain info; all that answer must agree with each other and with {@code expected}. */
    private ChainInfo fetchChainInfo(String id, List<String> nodes, byte[] expected) throws OperatorSyncException {
        ChainInfo chosen = null;
        byte[] want = expected;
        List<String> errors = new ArrayList<>();
        for (String node : nodes) {
            ChainInfo info;
            try {
                info = PublicClient.anonymous(supervisor.channels()::channel).chainInfo(node, id, CHAIN_INFO_DEADLINE);
            } catch (StatusRuntimeException | IllegalArgumentException e) {
                String why = e instanceof StatusRuntimeException s ? s.getStatus().getCode() + " "
                        + s.getStatus().getDescription() : e.getMessage();
                LOG.warn("follow: chain info unavailable node={} error={}", node, why);
                errors.add(node + ": " + why);
                continue;
            }
            if (!ChainInfo.normaliseBeaconId(info.beaconId()).equals(id)) {
                throw error(REFUSED, "follow: beacon ID " + info.beaconId() + " from "
                        + node + " (expected " + id + ")");
            }
            if (want == null) {
                want = info.hash();
            }
            if (!Arrays.equals(info.hash(), want)) {
                throw error(REFUSED, "follow: chain hash " + Hex.shortHex(info.hash())
                        + " from " + node + " (expected " + Hex.shortHex(want) + ")");
            }
            if (chosen == null) {
                chosen = info;
            }
        }
        if (chosen == null) {
            throw error(UNAVAILABLE, "follow: no chain info for beacon " + id + " from any node: "
                    + String.join("; ", errors));
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
        final OperatorSyncStream obs;
        volatile BeaconProcess process;
        private SyncManager sync;
        private Scheduler.Cancellable retry;
        private boolean done; // guarded by this

        FollowJob(String id, ChainInfo info, List<String> nodes, long upTo, OperatorSyncStream obs) {
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
                                fail(obs, error(UNAVAILABLE, "follow: beacon " + id
                                        + " was stopped on this node"));
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
                    obs.progress(new OperatorSyncProgress(id, info.hash(), current, target));
                } catch (RuntimeException e) {
                    LOG.debug("follow progress not delivered id={} error={}", id, e.toString());
                }
            }
            if (upTo > 0 && current >= upTo) {
                if (stop("follow reached round " + upTo)) {
                    synchronized (this) {
                        try {
                            obs.completed();
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


    /** The given nodes without this node's own addresses. */
    private List<String> others(List<String> nodes, BeaconProcess p) {
        return SyncReplies.others(nodes, p, ownAddresses.get());
    }

    /** Ends every follow (the daemon is stopping). */
    @Override
    public void close() {
        for (FollowJob j : List.copyOf(follows.values())) {
            if (j.stop("daemon stopping")) {
                fail(j.obs, error(UNAVAILABLE, "follow: daemon stopping"));
            }
        }
    }
}
