package org.jdrand.node.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks peers, all at once, whether they answer: a gRPC health check (Status connections) or their
 * drand.Protocol/Status (RemoteStatus). Each call has its own deadline, so one dead peer costs
 * at most one deadline, never the sum.
 */
final class PeerStatus {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStatus.class);

    private PeerStatus() {}

    /** Address → true when its health service answered SERVING within {@code deadlineMs}. */
    static Map<String, Boolean> reachable(Function<String, Channel> dial, List<String> addresses, long deadlineMs) {
        Map<String, ListenableFuture<HealthCheckResponse>> calls = new LinkedHashMap<>();
        for (String a : addresses) {
            calls.put(a, HealthGrpc.newFutureStub(dial.apply(a)).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()));
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        calls.forEach((a, f) -> {
            try {
                out.put(a, f.get().getStatus() == HealthCheckResponse.ServingStatus.SERVING);
            } catch (ExecutionException e) {
                LOG.debug("health check failed peer={} error={}", a, e.getCause().getMessage());
                out.put(a, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(a, false);
            }
        });
        return out;
    }

    /**
     * Address → that node's Status for the request's beacon; an address that did not answer maps
     * to the empty {@link StatusResponse} (no beacon, no chain store field): reported, not hidden.
     */
    static Map<String, StatusResponse> statuses(Function<String, Channel> dial, List<String> addresses,
            StatusRequest request, long deadlineMs) {
        Map<String, ListenableFuture<StatusResponse>> calls = new LinkedHashMap<>();
        for (String a : addresses) {
            calls.put(a, ProtocolGrpc.newFutureStub(dial.apply(a)).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .status(request));
        }
        Map<String, StatusResponse> out = new LinkedHashMap<>();
        calls.forEach((a, f) -> {
            try {
                out.put(a, f.get());
            } catch (ExecutionException e) {
                LOG.info("remote status failed peer={} error={}", a, e.getCause().getMessage());
                out.put(a, StatusResponse.getDefaultInstance());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(a, StatusResponse.getDefaultInstance());
            }
        });
        return out;
    }
}
