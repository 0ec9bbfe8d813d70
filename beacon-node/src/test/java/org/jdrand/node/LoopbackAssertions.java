package org.jdrand.node;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Assertions about loopback listeners, shared by the tests of throwaway servers. */
public final class LoopbackAssertions {
    private LoopbackAssertions() {
    }

    /** Nothing accepts connections on 127.0.0.1:{@code port} (the server that had it is closed). */
    public static void assertNothingListensOn(int port, String what) {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).as(what + "'s port " + port).isInstanceOf(ConnectException.class);
    }
}
