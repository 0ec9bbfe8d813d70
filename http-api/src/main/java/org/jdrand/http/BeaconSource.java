package org.jdrand.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The port through which the HTTP layer reads one chain. The node (or a relay) implements it over
 * its chain store; the HTTP layer never blocks on it: reads are asynchronous, and new beacons are
 * pushed to subscribers so the latest responses can be kept pre-serialized in memory.
 */
public interface BeaconSource {

    /** The chain this source serves; constant for the life of the source. */
    ChainInfo info();

    /** The highest stored beacon with round ≥ 1, or empty while only genesis is stored. */
    CompletableFuture<Optional<Beacon>> latest();

    /** The stored beacon of {@code round} (≥ 1), or empty if it is not stored. */
    CompletableFuture<Optional<Beacon>> beacon(long round);

    /**
     * Calls {@code listener} with every beacon appended from now on, in increasing round order.
     * The listener must not block: it runs on the appending thread.
     */
    Subscription subscribe(Consumer<Beacon> listener);

    /**
     * The chain's group members and when each last answered, for the status page; empty when the
     * source does not know the group (a relay). Must not block.
     */
    default List<MemberStatus> members() {
        return List.of();
    }

    /** Undoes a {@link #subscribe}. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
