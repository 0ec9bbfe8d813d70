package org.jdrand.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.jdrand.crypto.chain.Beacon;

/**
 * The open {@link DrandClient#watch()} subscriptions of a client, so that closing the client
 * completes them; a subscriber that arrives after the close is completed at once.
 */
final class WatchRegistry {
    private final List<BeaconWatch.Subscription> open = new ArrayList<>();
    private volatile boolean closed;

    /** A publisher whose every subscriber gets its own subscription on {@code client}. */
    Flow.Publisher<Beacon> publisher(DrandClient client) {
        return subscriber -> {
            BeaconWatch.Subscription s = new BeaconWatch.Subscription(client, subscriber);
            synchronized (open) {
                if (closed) {
                    s = null;
                } else {
                    open.add(s);
                }
            }
            if (s == null) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onComplete();
                return;
            }
            s.start();
        };
    }

    void forget(BeaconWatch.Subscription s) {
        synchronized (open) {
            open.remove(s);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Refuses new subscriptions and completes the open ones. */
    void closeAll() {
        List<BeaconWatch.Subscription> left;
        synchronized (open) {
            closed = true;
            left = new ArrayList<>(open);
            open.clear();
        }
        left.forEach(BeaconWatch.Subscription::complete);
    }
}
