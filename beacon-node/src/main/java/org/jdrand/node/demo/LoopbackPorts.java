package org.jdrand.node.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for listeners whose address is written down before they start (the demo's nodes
 * and the tests' nodes go into a group file first). Probing port 0 and closing it leaves a race: the
 * kernel may hand that port to an outgoing connection (gRPC dialling a peer) before the node binds
 * it. These ports come from below the kernel's ephemeral range, which it never uses for outgoing
 * connections, and never twice from one JVM.
 */
public final class LoopbackPorts {
    /** Above the ports of common local services. */
    static final int FIRST = 20_000;
    /** Linux's default ip_local_port_range start. */
    static final int EPHEMERAL_DEFAULT = 32_768;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    /** A loopback port nothing listens on now, not handed out before by this JVM. */
    public static int free() throws IOException {
        int end = ephemeralStart();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(end - FIRST);
            if (HANDED_OUT.contains(port) || !bindable(port)) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + FIRST + ".." + (end - 1) + " after " + ATTEMPTS + " attempts");
    }

    /** Whether a listener could bind {@code port} on the loopback address now. */
    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** Where the kernel's ephemeral ports start (Linux), or its default where that cannot be read or is too low to leave room. */
    static int ephemeralStart() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int start = Integer.parseInt(range[0]);
            return start >= FIRST + 1_000 ? start : EPHEMERAL_DEFAULT;
        } catch (IOException | RuntimeException unreadable) {
            return EPHEMERAL_DEFAULT;
        }
    }
}
