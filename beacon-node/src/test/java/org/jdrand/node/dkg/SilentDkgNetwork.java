package org.jdrand.node.dkg;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdrand.dkg.DkgBundle;

/** A fake transport: every send succeeds at once; gossip is recorded as "address: payload kind". */
public final class SilentDkgNetwork implements DkgNetwork {
    /** Gossip sent so far, in order, e.g. "b:2 Accept". */
    public final List<String> sent = new CopyOnWriteArrayList<>();
    public final List<GossipMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public void packet(String address, GossipMessage message) {
        sent.add(address + " " + message.payload().getClass().getSimpleName());
        messages.add(message);
    }

    @Override
    public CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle bundle) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String copyKey(String beaconId, DkgBundle bundle) {
        return beaconId + "/" + System.identityHashCode(bundle);
    }
}
