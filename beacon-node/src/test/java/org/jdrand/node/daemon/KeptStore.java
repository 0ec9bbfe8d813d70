package org.jdrand.node.daemon;

import java.util.List;
import java.util.Optional;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;

/** A real store that outlives the node using it: a "restart" in tests keeps its chain, like a disk would. */
final class KeptStore implements ChainStore {
    private final ChainStore inner;

    KeptStore(ChainStore inner) {
        this.inner = inner;
    }

    @Override
    public boolean append(Beacon beacon) throws StoreException {
        return inner.append(beacon);
    }

    @Override
    public void appendAll(List<Beacon> beacons) throws StoreException {
        inner.appendAll(beacons);
    }

    @Override
    public void repair(Beacon beacon) throws StoreException {
        inner.repair(beacon);
    }

    @Override
    public Beacon last() throws StoreException {
        return inner.last();
    }

    @Override
    public Optional<Beacon> get(long round) throws StoreException {
        return inner.get(round);
    }

    @Override
    public List<Beacon> range(long fromRound, int max) throws StoreException {
        return inner.range(fromRound, max);
    }

    @Override
    public long size() throws StoreException {
        return inner.size();
    }

    @Override
    public void deleteFrom(long fromRound) throws StoreException {
        inner.deleteFrom(fromRound);
    }

    @Override
    public void close() {
        // kept for the next incarnation of the node
    }
}
