package org.jdrand.node.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdrand.proto.drand.MetricsGrpc;
import org.jdrand.proto.drand.MetricsRequest;
import org.jdrand.proto.drand.MetricsResponse;

/** {@code drand.Metrics/Metrics} on the private listener: the same text bytes as {@code /metrics}. */
public final class MetricsGrpcService extends MetricsGrpc.MetricsImplBase {
    private final Supplier<byte[]> scrape;

    /** @param scrape the node's registry in Prometheus text format ({@code NodeMetrics::scrapeText}) */
    public MetricsGrpcService(Supplier<byte[]> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void metrics(MetricsRequest request, StreamObserver<MetricsResponse> response) {
        response.onNext(MetricsResponse.newBuilder().setMetrics(ByteString.copyFrom(scrape.get())).build());
        response.onCompleted();
    }

    /**
     * A peer's metrics text over {@code drand.Metrics/Metrics}.
     *
     * @throws io.grpc.StatusRuntimeException when the peer does not answer
     */
    public static byte[] fetch(Channel peer, long deadlineMs) {
        return MetricsGrpc.newBlockingStub(peer).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .metrics(MetricsRequest.getDefaultInstance()).getMetrics().toByteArray();
    }
}
