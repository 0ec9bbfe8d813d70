package org.jdrand.node.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * How a node asks its peers for something (drand's clients do the same): one peer at a time, in
 * random order or the caller's order of preference, until one answers; what each failed peer said
 * is kept for the final error. The one loop behind sync, memdb seeding, operator repair and the
 * relay's upstream look-ups.
 */
public final class PeerFetch {
    private PeerFetch() {}

    /** One try against one peer. */
    @FunctionalInterface
    public interface Attempt<T> {
        /** The peer's answer (non-null); throws to move on to the next peer. */
        T from(String peer) throws Exception;
    }

    /** The answer, if a peer gave one, and "peer: error" for each peer that did not. */
    public record Outcome<T>(Optional<T> answer, List<String> failures) {
        public Outcome {
            failures = List.copyOf(failures);
        }

        /** The failures as one line, for an error message. */
        public String failureSummary() {
            return failures.isEmpty() ? "no peer to ask" : String.join("; ", failures);
        }
    }

    /** A shuffled copy of {@code peers}: spreads the load and avoids a peer that is always asked first. */
    public static List<String> shuffled(List<String> peers, Random random) {
        List<String> order = new ArrayList<>(peers);
        Collections.shuffle(order, random);
        return order;
    }

    /** {@link #first(List, Attempt, BiConsumer)} without a failure callback. */
    public static <T> Outcome<T> first(List<String> peers, Attempt<T> attempt) throws InterruptedException {
        return first(peers, attempt, (peer, error) -> { });
    }

    /**
     * Asks the peers in the given order until one answers.
     *
     * @param onFailure told of each peer's failure as it happens (for a log line)
     * @throws InterruptedException when an attempt is interrupted: the remaining peers are not asked
     */
    public static <T> Outcome<T> first(List<String> peers, Attempt<T> attempt, BiConsumer<String, Exception> onFailure)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (String peer : peers) {
            try {
                T answer = attempt.from(peer);
                if (answer == null) {
                    throw new IllegalStateException("no answer");
                }
                return new Outcome<>(Optional.of(answer), failures);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (Exception e) {
                failures.add(peer + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                onFailure.accept(peer, e);
            }
        }
        return new Outcome<>(Optional.empty(), failures);
    }
}
