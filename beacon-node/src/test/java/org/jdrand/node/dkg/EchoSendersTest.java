package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.Response;
import org.jdrand.dkg.ResponseBundle;
import org.junit.jupiter.api.Test;

/** drand's echo dispatcher: own bundles go out at once, echoes one at a time per peer from a bounded queue. */
class EchoSendersTest {
    /** Records every send; each call completes when the test says so. */
    private static final class Network implements DkgNetwork {
        record Call(String peer, DkgBundle packet, CompletableFuture<Void> done) {}

        final List<Call> calls = new ArrayList<>();

        @Override
        public void packet(String address, GossipMessage packet) { }

        @Override
        public String copyKey(String beaconId, DkgBundle bundle) {
            return beaconId;
        }

        @Override
        public synchronized CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle packet) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            calls.add(new Call(address, packet, f));
            return f;
        }

        synchronized List<Call> to(String peer) {
            return calls.stream().filter(c -> c.peer().equals(peer)).toList();
        }
    }

    /** Bundle number {@code i} (equal by content, as the assertions compare them). */
    private static DkgBundle packet(int i) {
        return PACKETS.computeIfAbsent(i, k -> new ResponseBundle(k, List.<Response>of(), new byte[] {1},
                new byte[] {2}));
    }

    private static final java.util.Map<Integer, DkgBundle> PACKETS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void ownBundlesAreNotHeldBehindEchoesAndEchoesGoOneAtATimePerPeer() {
        Network net = new Network();
        EchoSenders senders = new EchoSenders(net);
        List<String> peers = List.of("a:1", "b:2", "c:3");
        senders.echo(peers, packet(1), "default");
        senders.echo(peers, packet(2), "default");
        senders.echo(peers, packet(3), "default");
        for (String p : peers) {
            assertThat(net.to(p)).as("one echo in flight to %s", p).hasSize(1);
        }
        senders.own(peers, packet(9), "default");
        for (String p : peers) {
            assertThat(net.to(p)).as("own bundle sent at once to %s", p).hasSize(2);
            assertThat(net.to(p).get(1).packet()).isEqualTo(packet(9));
        }
        // the first echo to a:1 completes (even with an error): the next queued echo goes out, in order
        net.to("a:1").get(0).done().completeExceptionally(new RuntimeException("deadline"));
        assertThat(net.to("a:1")).hasSize(3);
        assertThat(net.to("a:1").get(2).packet()).isEqualTo(packet(2));
        assertThat(net.to("b:2")).as("other peers unaffected").hasSize(2);
        net.to("a:1").get(2).done().complete(null);
        assertThat(net.to("a:1").get(3).packet()).isEqualTo(packet(3));
        net.to("a:1").get(3).done().complete(null);
        assertThat(net.to("a:1")).as("queue empty: nothing more").hasSize(4);
        senders.echo(List.of("a:1"), packet(4), "default");
        assertThat(net.to("a:1")).as("idle peer: sent at once").hasSize(5);
    }

    @Test
    void aFullQueueDropsTheEcho() {
        Network net = new Network();
        EchoSenders senders = new EchoSenders(net);
        List<String> peers = List.of("a:1");
        int capacity = 3 * (peers.size() + 1);
        for (int i = 0; i < 1 + capacity + 5; i++) {
            senders.echo(peers, packet(i), "default");
        }
        assertThat(net.to("a:1")).hasSize(1);
        for (int sent = 1; sent <= capacity; sent++) {
            net.to("a:1").get(sent - 1).done().complete(null);
        }
        net.to("a:1").get(capacity).done().complete(null);
        assertThat(net.to("a:1")).as("1 in flight + %d queued; 5 dropped", capacity).hasSize(1 + capacity);
    }
}
