package org.jdrand.node.grpc;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.sync.BeaconStreamSource;

/**
 * A peer's stream of wire beacons into a sync {@link BeaconStreamSource.Sink}: each message is
 * decoded, and one that does not decode ends the stream with the decoder's error (the peer is
 * then dropped by its caller rather than trusted for the rest of the stream).
 */
class BeaconSinkObserver<T> implements StreamObserver<T> {
    private final Function<T, Beacon> decode;
    private final BeaconStreamSource.Sink sink;
    private final Context.CancellableContext ctx;

    BeaconSinkObserver(Function<T, Beacon> decode, BeaconStreamSource.Sink sink, Context.CancellableContext ctx) {
        this.decode = decode;
        this.sink = sink;
        this.ctx = ctx;
    }

    @Override
    public void onNext(T message) {
        try {
            sink.onBeacon(decode.apply(message));
        } catch (IllegalArgumentException e) {
            sink.onError(e);
            ctx.cancel(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        sink.onError(t);
    }

    @Override
    public void onCompleted() {
        sink.onCompleted();
    }
}
