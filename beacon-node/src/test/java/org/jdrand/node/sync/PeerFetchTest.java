package org.jdrand.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerFetchTest {

    @Test
    void thePeersAreAskedInOrderUntilOneAnswersAndTheOthersAreNotAsked() throws Exception {
        List<String> asked = new ArrayList<>();
        List<String> told = new ArrayList<>();
        PeerFetch.Outcome<String> o = PeerFetch.first(List.of("a:1", "b:2", "c:3", "d:4"), peer -> {
            asked.add(peer);
            if (!peer.equals("c:3")) {
                throw new IllegalStateException("down");
            }
            return "answer of " + peer;
        }, (peer, e) -> told.add(peer));
        assertThat(o.answer()).contains("answer of c:3");
        assertThat(asked).containsExactly("a:1", "b:2", "c:3");
        assertThat(told).containsExactly("a:1", "b:2");
        assertThat(o.failures()).containsExactly("a:1: down", "b:2: down");
    }

    @Test
    void whenNoPeerAnswersEveryFailureIsNamedInTheSummary() throws Exception {
        PeerFetch.Outcome<String> o = PeerFetch.first(List.of("a:1", "b:2"), peer -> {
            throw new IllegalArgumentException(peer.equals("a:1") ? "chain hash 01020304 (expected 0a0b0c0d)" : null);
        });
        assertThat(o.answer()).isEmpty();
        assertThat(o.failureSummary())
                .isEqualTo("a:1: chain hash 01020304 (expected 0a0b0c0d); b:2: IllegalArgumentException");
        assertThat(PeerFetch.first(List.of(), peer -> "x").failureSummary()).isEqualTo("no peer to ask");
    }

    @Test
    void aNullAnswerCountsAsAFailure() throws Exception {
        PeerFetch.Outcome<String> o = PeerFetch.first(List.of("a:1", "b:2"), peer -> peer.equals("a:1") ? null : "ok");
        assertThat(o.answer()).contains("ok");
        assertThat(o.failures()).containsExactly("a:1: no answer");
    }

    @Test
    void anInterruptStopsAskingAndKeepsTheThreadInterrupted() {
        List<String> asked = new ArrayList<>();
        assertThatThrownBy(() -> PeerFetch.first(List.of("a:1", "b:2"), peer -> {
            asked.add(peer);
            throw new InterruptedException("stop");
        })).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isTrue(); // and clears it for the next test
        assertThat(asked).containsExactly("a:1");
    }

    @Test
    void shuffledIsAPermutationAndLeavesTheInputAlone() {
        List<String> peers = List.of("a", "b", "c", "d", "e", "f");
        List<String> order = PeerFetch.shuffled(peers, new Random(7));
        assertThat(order).containsExactlyInAnyOrderElementsOf(peers).isNotEqualTo(peers);
        assertThat(peers).containsExactly("a", "b", "c", "d", "e", "f");
    }
}
