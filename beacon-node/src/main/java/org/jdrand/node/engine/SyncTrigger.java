package org.jdrand.node.engine;

/** Asks the sync client to fetch rounds last + 1 .. {@code upTo} from peers (0 = follow). */
@FunctionalInterface
public interface SyncTrigger {
    void requestSync(long upTo);
}
