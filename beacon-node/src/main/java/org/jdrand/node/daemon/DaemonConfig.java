package org.jdrand.node.daemon;

import java.util.Objects;

/**
 * Listener settings of a daemon (drand start flags).
 *
 * @param privateListen       host:port of the node-to-node gRPC listener (port 0 = any)
 * @param controlListen       port or host:port of the control listener; always bound on 127.0.0.1
 * @param disableVersionCheck drand's DISABLE_VERSION_CHECK=1
 */
public record DaemonConfig(String privateListen, String controlListen, boolean disableVersionCheck) {
    public DaemonConfig {
        Objects.requireNonNull(privateListen, "privateListen");
        Objects.requireNonNull(controlListen, "controlListen");
    }

    /** Loopback listeners on free ports: tests and local demos. */
    public static DaemonConfig loopback() {
        return new DaemonConfig("127.0.0.1:0", "0", false);
    }
}
