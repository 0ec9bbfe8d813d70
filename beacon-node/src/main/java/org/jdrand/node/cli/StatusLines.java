package org.jdrand.node.cli;

import java.io.PrintWriter;
import org.jdrand.node.cli.control.NodeStatus;

/** One node's status in the words of {@code util status} and {@code util remote-status}. */
final class StatusLines {
    private StatusLines() {}

    static void print(PrintWriter out, String who, NodeStatus s) {
        out.println(who + ": running=" + s.running() + " serving=" + s.serving()
                + " epoch=" + s.epoch() + " last=" + s.lastStored() + " expected="
                + s.expectedLast() + (s.emptyChain() ? " (empty chain)" : ""));
        s.connections().forEach((k, v) -> out.println("  peer " + k + ": " + (v ? "ok" : "UNREACHABLE")));
    }
}
