package org.jdrand.node.daemon;

import java.io.IOException;
import java.net.BindException;

/**
 * A listener that could not bind, named by its flag: {@code --control 8888: cannot listen: Address
 * already in use}. gRPC, Netty and the JDK's HTTP server each word it differently, and none names
 * which of a node's four listeners it was.
 */
public final class ListenFailure {
    private ListenFailure() {}

    /** For a step that does nothing but bind (gRPC's {@code Server.start()}): always named. */
    public static IOException named(String flag, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new IOException(flag + ": cannot listen: " + (root.getMessage() != null ? root.getMessage() : root), e);
    }

    /**
     * For a step that does more than bind: {@code e} named when a {@link BindException} caused it,
     * else {@code e} itself (to rethrow either way).
     */
    public static Exception namedIfBind(String flag, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return named(flag, e);
            }
        }
        return e;
    }
}
