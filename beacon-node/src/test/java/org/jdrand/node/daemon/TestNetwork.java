package org.jdrand.node.daemon;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.StoreException;

/**
 * n real daemons on loopback gRPC, one dealer-made group (test code only: the DKG comes later),
 * all on one fake clock. Nodes can be stopped and restarted on the same port with their store.
 */
final class TestNetwork implements AutoCloseable {
    static final BlsBackend BACKEND = BlsBackends.blst();
    static final int PERIOD = 3;
    static final int CATCHUP = 1;

    final FakeClock clock;
    final Scheme scheme;
    final int n;
    final int t;
    final long genesis;
    final List<PriShare> shares;
    final PubPoly pubPoly;
    final Daemon[] daemons;
    final ChainStore[] stores;
    final int[] ports;
    Group group;

    private final boolean ownsDaemons;
    /** Node i's LoadBeacon folder (null: none). */
    private final java.util.function.IntFunction<BeaconSupervisor.BeaconFiles> files;
    /** Node i's scheduler (null: the network's fake clock for all). */
    private final Schedulers schedulers;

    /** Daemon i's scheduler, given the network's fake clock (e.g. one whose clock is offset). */
    interface Schedulers {
        org.jdrand.node.engine.Scheduler of(FakeClock clock, int i);
    }

    TestNetwork(Scheme scheme, int n, int t, String beaconId) throws IOException {
        this(scheme, n, t, beaconId, null, i -> null, null);
    }

    /** With a LoadBeacon folder per node ({@code files} may return null for none). */
    TestNetwork(Scheme scheme, int n, int t, String beaconId,
            java.util.function.IntFunction<BeaconSupervisor.BeaconFiles> files) throws IOException {
        this(scheme, n, t, beaconId, null, files, null);
    }

    /** Each daemon on the scheduler {@code schedulers} gives for its index (e.g. a clock offset from the others). */
    static TestNetwork withSchedulers(Scheme scheme, int n, int t, String beaconId, Schedulers schedulers)
            throws IOException {
        return new TestNetwork(scheme, n, t, beaconId, null, i -> null, schedulers);
    }

    /** A second beacon ID on the daemons of {@code base} (multibeacon). */
    TestNetwork(TestNetwork base, Scheme scheme, String beaconId) throws IOException {
        this(scheme, base.n, base.t, beaconId, base, base.files, base.schedulers);
    }

    private TestNetwork(Scheme scheme, int n, int t, String beaconId, TestNetwork base,
            java.util.function.IntFunction<BeaconSupervisor.BeaconFiles> files, Schedulers schedulers)
            throws IOException {
        this.files = files;
        this.schedulers = schedulers;
        this.scheme = scheme;
        this.n = n;
        this.t = t;
        long start = 1_700_000_000L;
        this.genesis = start + 10;
        this.clock = base == null ? new FakeClock(Instant.ofEpochSecond(start)) : base.clock;
        SecureRandom rnd = new SecureRandom();
        PriPoly poly = PriPoly.random(t, rnd, scheme.groupOrder());
        this.shares = poly.shares(n);
        this.pubPoly = poly.commit(BlsBackends.forScheme(BACKEND, scheme), scheme.keyGroup());
        this.ownsDaemons = base == null;
        this.daemons = base == null ? new Daemon[n] : base.daemons;
        this.stores = new ChainStore[n];
        this.ports = base == null ? new int[n] : base.ports;
        for (int i = 0; i < n && base == null; i++) {
            daemons[i] = daemon(i, DaemonConfig.loopback());
            ports[i] = daemons[i].privatePort();
        }
        List<Group.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new Group.Member(i, new NodeIdentity("127.0.0.1:" + ports[i], pubPoly.eval(i), new byte[0],
                    scheme)));
        }
        byte[] seed = Scheme.sha256().digest(("seed-" + scheme.id() + beaconId).getBytes());
        this.group = new Group(members, t, Duration.ofSeconds(PERIOD), Duration.ofSeconds(CATCHUP), genesis, genesis,
                seed, scheme, beaconId, pubPoly.commits());
        for (int i = 0; i < n; i++) {
            stores[i] = new KeptStore(new MemoryChainStore(group.chainInfo(), 100_000));
        }
    }

    /** Adds the beacon to every running daemon in START mode (before genesis). */
    TestNetwork startAll() throws StoreException {
        for (int i = 0; i < n; i++) {
            startBeacon(i, StartMode.START);
        }
        return this;
    }

    private Daemon daemon(int i, DaemonConfig config) throws IOException {
        BeaconSupervisor supervisor = new BeaconSupervisor(schedulers == null ? clock : schedulers.of(clock, i), BACKEND,
                io.grpc.InsecureChannelCredentials.create(), files.apply(i), new SecureRandom());
        return new Daemon(config, supervisor, Daemon.Services.none()).start();
    }

    BeaconProcess startBeacon(int i, StartMode mode) throws StoreException {
        return daemons[i].supervisor().start(new BeaconSetup(group, group.nodes().get(i), shares.get(i), stores[i], mode));
    }

    void stop(int i) {
        daemons[i].close();
        daemons[i] = null;
    }

    /** Restarts node i on its old port with its old store, in catch-up mode. */
    void restart(int i) throws IOException, StoreException {
        daemons[i] = daemon(i, new DaemonConfig("127.0.0.1:" + ports[i], "0", false));
        startBeacon(i, StartMode.CATCHUP);
    }

    long last(int i) {
        return daemons[i].supervisor().byId(group.beaconId()).orElseThrow().engine().lastRound();
    }

    long storedLast(int i) throws StoreException {
        return stores[i].last().round();
    }

    Instant timeOf(long round) {
        return Instant.ofEpochSecond(group.chainInfo().timeOfRound(round));
    }

    void advanceToRound(long round) {
        clock.advanceTo(timeOf(round));
    }

    /** Waits (wall time, bounded) until every listed node stored {@code round}. */
    void awaitRound(long round, int... nodes) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2))
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() <= c.getPollInterval().toMillis()) {
                        System.err.println("waiting for round " + round + ": " + this);
                    }
                }).until(() -> {
            for (int i : nodes) {
                if (storedLast(i) < round) {
                    return false;
                }
            }
            return true;
        });
        settle();
    }

    /** Waits until every running engine has finished what it queued (e.g. scheduling its catch-up step). */
    void settle() {
        for (Daemon d : daemons) {
            if (d != null) {
                d.supervisor().beacons().forEach(p -> p.engine().barrier().join());
            }
        }
    }

    /** Runs rounds from..to: tick at each boundary, wait until {@code nodes} stored it. */
    void runRounds(long from, long to, int... nodes) {
        for (long r = from; r <= to; r++) {
            advanceToRound(r);
            awaitRound(r, nodes);
        }
    }

    List<Beacon> chain(int i, long upTo) throws StoreException {
        return stores[i].range(1, (int) upTo);
    }

    BeaconVerifier verifier() {
        return new BeaconVerifier(BACKEND, scheme, pubPoly.commit().toBytes());
    }

    static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[stored last:");
        for (int i = 0; i < n; i++) {
            try {
                b.append(' ').append(i).append('=').append(storedLast(i));
            } catch (StoreException e) {
                b.append(' ').append(i).append("=?");
            }
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        if (!ownsDaemons) {
            return;
        }
        for (Daemon d : daemons) {
            if (d != null) {
                d.close();
            }
        }
    }
}
