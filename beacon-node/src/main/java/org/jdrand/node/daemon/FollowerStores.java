package org.jdrand.node.daemon;

import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.StoreException;

/**
 * Opens the store of a followed chain (StartFollowChain), seeded with its genesis beacon, or the
 * existing one so that a follow resumes from its last round.
 */
@FunctionalInterface
public interface FollowerStores {
    /** The default of a daemon without a --db: nothing survives the process. */
    FollowerStores MEMORY = info -> new MemoryChainStore(info);

    ChainStore open(ChainInfo info) throws StoreException;
}
