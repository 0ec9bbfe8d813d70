package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The warm-up's partials make the whole round trip through a real loopback server, which is closed afterwards. */
class PartialPathWarmupTest {
    @Test
    void everyPartialIsAnsweredAndTheServerIsClosedAfterwards() throws Exception {
        PartialPathWarmup.Result r = PartialPathWarmup.run(300, 98, 96, 60_000);
        assertThat(r.sent()).isEqualTo(300);
        assertThat(r.answered()).as("acknowledged by the loopback server").isEqualTo(300);
        assertThat(r.nanos()).isPositive();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", r.port()), 2_000);
            }
        }).as("the throwaway server's port " + r.port()).isInstanceOf(ConnectException.class);
    }

    @Test
    void theTimeoutBoundsTheRun() throws Exception {
        PartialPathWarmup.Result r = PartialPathWarmup.run(1_000_000, 98, 96, 0);
        assertThat(r.sent()).as("nothing sent once the time is up").isZero();
    }
}
