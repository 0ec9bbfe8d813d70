package org.jdrand.node.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One observer given to every engine and channel of a node, forwarding each event to the
 * observers subscribed at any time (metrics, tests): nothing has to be wired before a beacon
 * starts. Every method of {@link EngineObserver} is forwarded (ObserverHubTest checks them all).
 */
public final class ObserverHub implements EngineObserver {
    private final List<EngineObserver> observers = new CopyOnWriteArrayList<>();

    /** Forwards every later event to {@code observer} too; closing the result stops that. */
    public AutoCloseable subscribe(EngineObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    @Override
    public void beaconProduced(String beaconId, long round, long latencyMillis) {
        for (EngineObserver o : observers) {
            o.beaconProduced(beaconId, round, latencyMillis);
        }
    }

    @Override
    public void partialSendFailed(String beaconId, String peer) {
        for (EngineObserver o : observers) {
            o.partialSendFailed(beaconId, peer);
        }
    }

    @Override
    public void partialSent(String beaconId, String peer) {
        for (EngineObserver o : observers) {
            o.partialSent(beaconId, peer);
        }
    }

    @Override
    public void dialFailed(String peer) {
        for (EngineObserver o : observers) {
            o.dialFailed(peer);
        }
    }

    @Override
    public void partialRejected(String beaconId, String reason) {
        for (EngineObserver o : observers) {
            o.partialRejected(beaconId, reason);
        }
    }

    @Override
    public void syncRejected(String beaconId, String reason) {
        for (EngineObserver o : observers) {
            o.syncRejected(beaconId, reason);
        }
    }

    @Override
    public void oversizedMessage(String grpcMethod) {
        for (EngineObserver o : observers) {
            o.oversizedMessage(grpcMethod);
        }
    }
}
