package org.jdrand.node.engine;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A peer's partial on its way to the engine thread: drand's rules checked in drand's order on the
 * caller's thread (gRPC), the signature checked on a worker only when the cache asks for it, and
 * when each member was last heard from (status page). The cache itself stays on the engine thread,
 * reached through {@link Target}.
 */
final class PartialIntake {
    /** The engine side of the intake. */
    interface Target {
        /** The last stored round (any thread). */
        long lastRound();

        /** The round due now by the clock (any thread). */
        long clockRound();

        /**
         * Offers the partial to the cache on the engine thread; completes with null when an
         * unchecked partial signs over another previous signature than the stored head's.
         */
        CompletableFuture<PartialCache.Offer> offer(long round, byte[] prev, int index, byte[] partial, boolean checked,
                long arrivedMicros);
    }

    private final String beaconId;
    private final ChainInfo info;
    private final BeaconCrypto crypto;
    private final InstantSource clock;
    private final Executor cryptoPool;
    private final Supplier<EngineObserver> observer;
    private final Target target;
    /** Per group index: when (node clock, ms) a partial naming it last arrived, 0 never. */
    private volatile AtomicLongArray seen;

    PartialIntake(String beaconId, ChainInfo info, BeaconCrypto crypto, InstantSource clock, Executor cryptoPool,
            Supplier<EngineObserver> observer, Target target) {
        this.beaconId = beaconId;
        this.info = info;
        this.crypto = crypto;
        this.clock = clock;
        this.cryptoPool = cryptoPool;
        this.observer = observer;
        this.target = target;
    }

    /** See {@link RoundEngine#processPartial}. */
    CompletableFuture<Void> process(long round, byte[] prev, byte[] partial) {
        long arrived = RoundTimeline.micros(clock.instant());
        long clockRound = target.clockRound();
        if (round > clockRound + 1) {
            return rejected("future_round", "partial: round " + round + " is in the future (current " + clockRound + ")");
        }
        int index = crypto.indexOf(partial);
        noteSeen(index);
        if (round <= target.lastRound()) {
            return CompletableFuture.completedFuture(null);
        }
        if (index < 0) {
            return rejected("bad_length", "partial: round " + round + ": length " + (partial == null ? 0 : partial.length)
                    + " (expected " + info.scheme().partialSize() + ")");
        }
        if (index >= crypto.groupSize()) {
            return rejected("unknown_index", "partial: round " + round + ": index " + index + " not in group (size "
                    + crypto.groupSize() + ")");
        }
        if (index == crypto.ownIndex()) {
            return rejected("own_index", "partial: round " + round + ": index " + index + " is this node's own");
        }
        byte[] p = partial.clone();
        byte[] pr = prev == null ? new byte[0] : prev.clone();
        return target.offer(round, pr, index, p, false, arrived).thenCompose(offer -> {
            if (offer == null) {
                return rejected("wrong_previous", "partial: round " + round + ": index " + index + " signs over prev "
                        + Hex.shortHex(pr) + " (not stored round " + (round - 1) + "'s signature)");
            }
            return switch (offer) {
                case ADDED, IGNORED -> CompletableFuture.<Void>completedFuture(null);
                case CONFLICT -> rejected("conflicting", "partial: round " + round + ": index " + index
                        + " differs from its checked partial over prev " + Hex.shortHex(pr));
                case CHECK_FIRST -> checkThenOffer(round, pr, index, p, arrived);
            };
        });
    }

    /** Checks the signature on a worker, then offers the partial as checked. */
    private CompletableFuture<Void> checkThenOffer(long round, byte[] prev, int index, byte[] partial, long arrived) {
        // the round may be stored while this waits for a worker: then it is dropped unchecked, as on arrival
        return CompletableFuture.supplyAsync(() -> round <= target.lastRound() ? null
                        : crypto.verifyPartial(info.scheme().digest(prev, round), partial), cryptoPool)
                .thenCompose(ok -> {
                    if (ok == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (!ok) {
                        return rejected("invalid_signature", "partial: round " + round + ": invalid signature from index "
                                + index + " over prev " + Hex.shortHex(prev));
                    }
                    return target.offer(round, prev, index, partial, true, arrived).thenApply(o -> null);
                });
    }

    private CompletableFuture<Void> rejected(String reason, String message) {
        observer.get().partialRejected(beaconId, reason);
        return CompletableFuture.failedFuture(new PartialRejectedException(message));
    }

    private void noteSeen(int index) {
        AtomicLongArray s = seen;
        if (s == null || s.length() != crypto.groupSize()) {
            s = new AtomicLongArray(Math.max(0, crypto.groupSize()));
            seen = s;
        }
        if (index >= 0 && index < s.length()) {
            s.set(index, clock.millis());
        }
    }

    /** See {@link RoundEngine#lastPartialMillis}. */
    long lastSeenMillis(int index) {
        AtomicLongArray s = seen;
        return s != null && index >= 0 && index < s.length() ? s.get(index) : 0;
    }
}
