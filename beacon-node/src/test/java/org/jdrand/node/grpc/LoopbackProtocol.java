package org.jdrand.node.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;

/** A plaintext channel to a test server on loopback, and drand.Protocol's blocking stub over it. */
final class LoopbackProtocol {
    private LoopbackProtocol() {}

    static ManagedChannel channel(Server server) {
        return Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
    }

    static ProtocolGrpc.ProtocolBlockingStub stub(ManagedChannel ch) {
        return ProtocolGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** Answers a Status call with the default response after noting {@code what} into {@code seen}. */
    static <T> void answerStatus(List<T> seen, T what, StreamObserver<StatusResponse> obs) {
        seen.add(what);
        obs.onNext(StatusResponse.getDefaultInstance());
        obs.onCompleted();
    }

    /** A Status request with every field at its default. */
    static StatusRequest anyStatus() {
        return StatusRequest.getDefaultInstance();
    }
}
