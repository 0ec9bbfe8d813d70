package org.jdrand.node.metrics;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.jdrand.proto.drand.MetricsGrpc;
import org.jdrand.proto.drand.MetricsRequest;
import org.jdrand.proto.drand.MetricsResponse;

/** {@code drand.Metrics/Metrics} on the private listener: the same text bytes as {@code /metrics}. */
public final class MetricsGrpcService extends MetricsGrpc.MetricsImplBase {
    private final NodeMetrics metrics;

    public MetricsGrpcService(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void metrics(MetricsRequest request, StreamObserver<MetricsResponse> response) {
        response.onNext(MetricsResponse.newBuilder().setMetrics(ByteString.copyFrom(metrics.scrapeText())).build());
        response.onCompleted();
    }
}
