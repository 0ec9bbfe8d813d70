package org.jdrand.node.cli.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * A node's Status for one beacon: its process, its chain store (last stored and expected round)
 * and, when asked, which group members answered a health check.
 */
public record NodeStatus(boolean running, boolean serving, int epoch, long lastStored, long expectedLast,
        boolean emptyChain, Map<String, Boolean> connections) {
    public NodeStatus {
        connections = java.util.Collections.unmodifiableMap(new TreeMap<>(connections));
    }
}
