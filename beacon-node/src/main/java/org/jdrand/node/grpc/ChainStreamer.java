package org.jdrand.node.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.engine.BeaconListener;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.store.StoreException;

/**
 * Streams a chain from a round: first what the store holds, then each new beacon, until the
 * client cancels (drand's SyncChain and PublicRandStream). Honours gRPC flow control so a slow
 * client does not make the server buffer the whole chain.
 */
final class ChainStreamer {
    private static final int PAGE = 500;

    private ChainStreamer() {}

    static <T> void stream(RoundEngine engine, long from, StreamObserver<T> observer, Function<Beacon, T> map,
            Executor executor) {
        ServerCallStreamObserver<T> obs = (ServerCallStreamObserver<T>) observer;
        Semaphore signal = new Semaphore(0);
        BeaconListener wake = b -> signal.release();
        obs.setOnReadyHandler(signal::release);
        obs.setOnCancelHandler(signal::release);
        engine.addListener(wake);
        executor.execute(() -> {
            long next = from;
            try {
                while (!obs.isCancelled()) {
                    List<Beacon> page = next <= engine.lastRound() ? engine.store().range(next, PAGE) : List.of();
                    if (page.isEmpty()) {
                        signal.tryAcquire(500, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    for (Beacon b : page) {
                        while (!obs.isReady() && !obs.isCancelled()) {
                            signal.tryAcquire(500, TimeUnit.MILLISECONDS);
                        }
                        if (obs.isCancelled()) {
                            return;
                        }
                        obs.onNext(map.apply(b));
                        next = b.round() + 1;
                    }
                }
            } catch (StoreException e) {
                obs.onError(Status.INTERNAL.withDescription("sync: " + e.getMessage()).asRuntimeException());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                obs.onError(Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException());
            } catch (RuntimeException e) {
                if (!obs.isCancelled()) {
                    obs.onError(Status.INTERNAL.withDescription("sync: " + e.getMessage()).asRuntimeException());
                }
            } finally {
                engine.removeListener(wake);
            }
        });
    }
}
