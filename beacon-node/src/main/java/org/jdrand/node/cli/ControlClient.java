package org.jdrand.node.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/** The CLI's connection to a local daemon's control listener (127.0.0.1 only, as drand). */
final class ControlClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final String port;

    ControlClient(String control) {
        String c = control.trim();
        int colon = c.lastIndexOf(':');
        this.port = colon < 0 ? c : c.substring(colon + 1);
        this.channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
    }

    ManagedChannel channel() {
        return channel;
    }

    /** An RPC failure in words an operator can act on. */
    String explain(StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            Throwable cause = e.getCause();
            while (cause != null && cause.getCause() != null && !(cause instanceof java.net.ConnectException)) {
                cause = cause.getCause();
            }
            String why = cause instanceof java.net.ConnectException ? ": it refused the connection" : "";
            return "cannot reach the daemon's control port 127.0.0.1:" + port + why
                    + " (is 'jdrand start' running with --control " + port + "?)";
        }
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "the daemon did not answer in time on control port " + port;
        }
        String d = e.getStatus().getDescription();
        return d == null ? e.getStatus().getCode().toString() : d;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
