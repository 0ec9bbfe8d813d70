package org.jdrand.node.sync;

/** Told after each stored sync batch: the last stored round and the target (0 = following). */
@FunctionalInterface
public interface SyncProgressListener {
    void onProgress(long current, long target);
}
