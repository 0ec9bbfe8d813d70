package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdrand.node.engine.PartialRejectedException;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PartialBeacon runs on the transport thread, every other method on the call executor, answers unchanged. */
@Timeout(60)
class InlinePartialsTest {

    @Test
    void partialBeaconRunsOnTheTransportThreadAndOtherMethodsOnTheCallExecutor() throws Exception {
        List<String> partialThreads = new CopyOnWriteArrayList<>();
        List<String> statusThreads = new CopyOnWriteArrayList<>();
        ExecutorService calls = Executors.newCachedThreadPool(r -> new Thread(r, "test-call"));
        Server server = InlinePartials.install(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), calls)
                .addService(new ProtocolGrpc.ProtocolImplBase() {
                    @Override
                    public void partialBeacon(PartialBeaconPacket req, StreamObserver<Empty> obs) {
                        partialThreads.add(Thread.currentThread().getName());
                        if (req.getPartialSig().isEmpty()) {
                            GrpcErrors.fail(obs, new PartialRejectedException("partial: round " + req.getRound()
                                    + ": length 0 (expected 98)"));
                            return;
                        }
                        obs.onNext(Empty.getDefaultInstance());
                        obs.onCompleted();
                    }

                    @Override
                    public void status(StatusRequest req, StreamObserver<StatusResponse> obs) {
                        LoopbackProtocol.answerStatus(statusThreads, Thread.currentThread().getName(), obs);
                    }
                }).build().start();
        ManagedChannel ch = LoopbackProtocol.channel(server);
        try {
            ProtocolGrpc.ProtocolBlockingStub stub = LoopbackProtocol.stub(ch);
            stub.partialBeacon(PartialBeaconPacket.newBuilder().setRound(7)
                    .setPartialSig(com.google.protobuf.ByteString.copyFrom(new byte[98])).build());
            assertThatThrownBy(() -> stub.partialBeacon(PartialBeaconPacket.newBuilder().setRound(8).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).isEqualTo("partial: round 8: length 0 (expected 98)");
                    });
            stub.status(LoopbackProtocol.anyStatus());
        } finally {
            ch.shutdownNow();
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            calls.shutdownNow();
        }
        assertThat(partialThreads).hasSize(2).allSatisfy(name -> assertThat(name).startsWith("grpc-").contains("worker"));
        assertThat(statusThreads).containsExactly("test-call");
    }
}
