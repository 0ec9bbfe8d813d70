package org.jdrand.client;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;

/**
 * The machinery behind {@link DrandClient#watch()}. Each subscription asks for one round at a
 * time, the one after the last emitted: servers hold a request for the next round until it is
 * produced (drand's and ours do), so it arrives at its time; a request that fails goes to the
 * next endpoint, and once all have failed it is retried (at the round's time if it is not due
 * yet, else with a growing delay). Rounds are fetched only while there is demand, strictly in
 * order, so nothing is emitted twice and nothing is skipped.
 */
final class BeaconWatch {
    private static final long RETRY_MIN_MS = 50;
    private static final long RETRY_MAX_MS = 5_000;

    private BeaconWatch() {}

    static final class Subscription implements Flow.Subscription {
        private final DrandClient client;
        private final Flow.Subscriber<? super Beacon> subscriber;
        private long demand;
        private boolean busy;
        private boolean emitting;
        private boolean done;
        private boolean completeWhenIdle;
        /** The next round to emit; 0 until the latest round is known. */
        private long next;
        private byte[] lastSignature;
        private int failures;

        Subscription(DrandClient client, Flow.Subscriber<? super Beacon> subscriber) {
            this.client = client;
            this.subscriber = subscriber;
        }

        void start() {
            subscriber.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                boolean signal;
                synchronized (this) {
                    signal = !done;
                    done = true;
                }
                client.forget(this);
                if (signal) {
                    subscriber.onError(new IllegalArgumentException("watch: request(" + n + ") (expected > 0, rule 3.9)"));
                }
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            schedule(0);
        }

        @Override
        public void cancel() {
            synchronized (this) {
                done = true;
            }
            client.forget(this);
        }

        /** The client is closing: complete now, or right after an onNext in progress. */
        void complete() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                if (emitting) {
                    completeWhenIdle = true;
                    return;
                }
            }
            subscriber.onComplete();
        }

        private void schedule(long delayMs) {
            try {
                client.scheduler().schedule(this::pump, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the client is closed: complete() has run or will run
            }
        }

        private void pump() {
            synchronized (this) {
                if (done || busy || demand == 0) {
                    return;
                }
                busy = true;
            }
            client.chain().thenCompose(v -> {
                if (next == 0) {
                    return client.latestAsync().thenApply(b -> {
                        next = b.round() + 1;
                        lastSignature = b.signature();
                        return (Beacon) null;
                    });
                }
                long period = v.info().periodSeconds() * 1000L;
                long due = v.info().timeOfRound(next) * 1000L;
                boolean past = client.clock().millis() > due + period;
                return client.fetchRound(v, Long.toString(next), next, 1, client.requestTimeout().plusMillis(period),
                        past);
            }).whenComplete((b, err) -> {
                if (err != null) {
                    retry();
                } else if (b == null) {
                    idle(true);
                } else {
                    emit(b);
                }
            });
        }

        private void emit(Beacon b) {
            synchronized (this) {
                if (done) {
                    idle(false);
                    return;
                }
                if (b.hasPreviousSignature() && lastSignature != null && !Arrays.equals(b.previousSignature(),
                        lastSignature)) {
                    // verified, yet not the successor of the round emitted before: never emit it, ask again
                    failures++;
                    busy = false;
                    schedule(delay());
                    return;
                }
                demand--;
                next = b.round() + 1;
                lastSignature = b.signature();
                failures = 0;
                emitting = true;
            }
            subscriber.onNext(b);
            synchronized (this) {
                emitting = false;
            }
            idle(true);
        }

        private void retry() {
            long wait;
            synchronized (this) {
                failures++;
                wait = delay();
            }
            idle(false);
            schedule(wait);
        }

        /** At the round's time if it is not due yet, else 50 ms doubling up to 5 s (or a period). */
        private long delay() {
            long backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(10, failures - 1));
            try {
                long due = next == 0 ? 0 : client.info().timeOfRound(next) * 1000L;
                long untilDue = due - client.clock().millis();
                return Math.max(backoff, untilDue);
            } catch (RuntimeException e) {
                return backoff;
            }
        }

        private void idle(boolean again) {
            boolean complete;
            synchronized (this) {
                busy = false;
                complete = completeWhenIdle;
                completeWhenIdle = false;
            }
            if (complete) {
                subscriber.onComplete();
            } else if (again && !isDone()) {
                schedule(0);
            }
        }

        private synchronized boolean isDone() {
            return done;
        }

        @Override
        public String toString() {
            return "watch[next=" + next + ", last=" + Hex.shortHex(lastSignature) + "]";
        }
    }
}
