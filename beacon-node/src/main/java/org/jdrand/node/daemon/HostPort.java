package org.jdrand.node.daemon;

import java.net.InetSocketAddress;

/** Parses drand's listen flags: "host:port", ":port" or a bare port. */
public final class HostPort {
    private HostPort() {}

    public static InetSocketAddress parse(String value, String defaultHost) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? defaultHost : v.substring(0, colon);
        String port = colon < 0 ? v : v.substring(colon + 1);
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address: bad port in \"" + value + "\" (expected host:port)");
        }
    }
}
