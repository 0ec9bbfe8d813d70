package org.jdrand.node.daemon;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jdrand.node.sync.OperatorSyncHandler;
import org.jdrand.node.sync.OperatorSyncRequest;
import org.jdrand.node.sync.OperatorSyncStream;

/**
 * drand's operator sync (drand_beacon_control.go, node-protocol.md §6.3) behind the control
 * service: {@link ChainFollow} follows a chain this node has no share of, {@link ChainCheck}
 * verifies and repairs a stored chain. Both run on this class's worker threads.
 */
final class OperatorSync implements OperatorSyncHandler, AutoCloseable {
    private final ExecutorService worker;
    private final ChainFollow follow;
    private final ChainCheck check;

    /** @param ownAddresses the daemon's own listener addresses, left out of the peers an operator names */
    OperatorSync(BeaconSupervisor supervisor, Supplier<Set<String>> ownAddresses, FollowerStores stores) {
        AtomicInteger n = new AtomicInteger();
        this.worker = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdrand-operator-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.follow = new ChainFollow(supervisor, ownAddresses, stores, worker);
        this.check = new ChainCheck(supervisor, ownAddresses, worker);
    }

    @Override
    public void follow(OperatorSyncRequest req, OperatorSyncStream obs) {
        follow.follow(req, obs);
    }

    @Override
    public void check(OperatorSyncRequest req, OperatorSyncStream obs) {
        check.check(req, obs);
    }

    @Override
    public void close() {
        follow.close();
        worker.shutdownNow();
    }
}
