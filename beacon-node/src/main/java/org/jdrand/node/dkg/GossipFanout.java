package org.jdrand.node.dkg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jdrand.node.engine.Scheduler;

/**
 * Sends one gossip packet to many peers at once, each send on the sender pool. A failed send is
 * tried again after {@link #BACKOFF_STEP} × attempt (drand's proposal backoff) by the
 * scheduler, so no thread sleeps between tries and one unreachable peer delays no other.
 *
 * @param <P> the packet (the wire type stays with the {@link Send} the node passes in)
 */
final class GossipFanout<P> {
    /** drand: the n-th retry of a proposal waits 200 ms × n. */
    static final Duration BACKOFF_STEP = Duration.ofMillis(200);

    /** One attempt to deliver {@code packet} to {@code address}; throws on any failure. */
    @FunctionalInterface
    interface Send<P> {
        void send(String address, P packet) throws Exception;
    }

    private final Send<P> send;
    private final Scheduler scheduler;
    private final Executor senders;

    GossipFanout(Send<P> send, Scheduler scheduler, Executor senders) {
        this.send = send;
        this.scheduler = scheduler;
        this.senders = senders;
    }

    /**
     * Sends {@code packet} to every address of {@code to}, each up to {@code tries} times.
     *
     * @return completes when every peer got the packet or ran out of tries, with "address: reason"
     *     for each peer that never got it (empty when all did)
     */
    CompletableFuture<List<String>> send(List<String> to, P packet, int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("gossip: " + tries + " tries (expected >= 1)");
        }
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String address : to) {
            CompletableFuture<String> result = new CompletableFuture<>();
            results.add(result);
            attempt(address, packet, 1, tries, result);
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<String> r : results) {
                String failure = r.join();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            return failures;
        });
    }

    private void attempt(String address, P packet, int attempt, int tries, CompletableFuture<String> result) {
        try {
            senders.execute(() -> {
                try {
                    send.send(address, packet);
                    result.complete(null);
                } catch (Exception e) {
                    String failure = address + ": " + e.getMessage();
                    if (attempt >= tries) {
                        result.complete(failure);
                        return;
                    }
                    try {
                        scheduler.schedule(scheduler.clock().instant().plus(BACKOFF_STEP.multipliedBy(attempt)),
                                () -> attempt(address, packet, attempt + 1, tries, result));
                    } catch (RuntimeException stopped) {
                        result.complete(failure + " (no retry: " + stopped.getMessage() + ")");
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(address + ": not sent (the node is shutting down)");
        }
    }
}
