package org.jdrand.node.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jdrand.proto.drand.NodeVersion;
import org.jdrand.proto.drand.PartialBeaconPacket;

/**
 * drand's version check (internal/core/drand_daemon_interceptors.go, common/version.go): a request
 * whose metadata carries a node version incompatible with ours is refused with PERMISSION_DENIED.
 * Requests without a version pass.
 */
public final class VersionGate implements ServerInterceptor {
    private final NodeVersion ours;

    public VersionGate(NodeVersion ours) {
        this.ours = ours;
    }

    /** Same major and minors at most 1 apart; v1.5.8+ ↔ v2.0.x also passes. */
    public static boolean compatible(NodeVersion a, NodeVersion b) {
        if (a.getMajor() == b.getMajor()) {
            return Math.abs((long) a.getMinor() - b.getMinor()) <= 1;
        }
        return bridge(a, b) || bridge(b, a);
    }

    private static boolean bridge(NodeVersion v1, NodeVersion v2) {
        boolean late1 = v1.getMajor() == 1 && (v1.getMinor() > 5 || (v1.getMinor() == 5 && v1.getPatch() >= 8));
        return late1 && v2.getMajor() == 2 && v2.getMinor() == 0;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                NodeVersion v = versionOf(message);
                if (v != null && !compatible(ours, v)) {
                    refused = true;
                    call.close(Status.PERMISSION_DENIED.withDescription("Incompatible node version: "
                            + v.getMajor() + "." + v.getMinor() + "." + v.getPatch() + " (ours " + ours.getMajor() + "."
                            + ours.getMinor() + "." + ours.getPatch() + ")"), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    static NodeVersion versionOf(Object message) {
        // the partial of every peer every round: read directly, not through protobuf reflection
        // (a field lookup by name and reflective getters allocating per call, on the transport thread)
        if (message instanceof PartialBeaconPacket p) {
            return p.hasMetadata() && p.getMetadata().hasNodeVersion() ? p.getMetadata().getNodeVersion() : null;
        }
        if (!(message instanceof Message m)) {
            return null;
        }
        FieldDescriptor f = m.getDescriptorForType().findFieldByName("metadata");
        if (f == null || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !m.hasField(f)) {
            return null;
        }
        Object md = m.getField(f);
        if (md instanceof org.jdrand.proto.drand.Metadata meta && meta.hasNodeVersion()) {
            return meta.getNodeVersion();
        }
        return null;
    }
}
