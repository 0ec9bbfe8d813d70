package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jdrand.crypto.chain.Beacon;

/**
 * Random sequences of appends (valid, duplicate, conflicting, gapped, badly linked), batches and
 * deletions applied to a store and to a plain list: the store accepts exactly what the model
 * accepts, and always holds a contiguous, correctly linked chain.
 */
class ChainStoreModelProperties {

    /** One operation: kind plus a round offset relative to the current head. */
    record Op(int kind, int offset, int count) {}

    @Provide
    Arbitrary<Op> ops() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(-3, 3),
                Arbitraries.integers().between(0, 6)).as(Op::new);
    }

    @Property(tries = 150)
    void memoryStoreFollowsTheModel(@ForAll @Size(max = 40) List<@net.jqwik.api.From("ops") Op> ops) throws Exception {
        FakeChain chain = FakeChain.chained("model");
        try (ChainStore s = new MemoryChainStore(chain.info(), 1000)) {
            check(s, chain, ops);
        }
    }

    @Property(tries = 25)
    void sqliteStoreFollowsTheModel(@ForAll @Size(max = 25) List<@net.jqwik.api.From("ops") Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("jdrand-model");
        FakeChain chain = FakeChain.unchained("model");
        try (ChainStore s = SqliteChainStore.open(dir.resolve("c.sqlite"), chain.info())) {
            check(s, chain, ops);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void check(ChainStore s, FakeChain chain, List<Op> ops) throws Exception {
        long head = 0; // the model: rounds 0..head of chain are stored
        for (Op op : ops) {
            long r = Math.max(0, head + 1 + op.offset());
            boolean accepted;
            switch (op.kind()) {
                case 0, 1 -> { // append round r of the true chain
                    accepted = tryAppend(s, chain.beacon(r));
                    assertThat(accepted).as("append %d at head %d", r, head).isEqualTo(r <= head + 1);
                    if (r == head + 1) {
                        head = r;
                    }
                }
                case 2 -> { // conflicting signature for round r
                    Beacon bad = new Beacon(r, chain.signature(r + 1000), chain.chainedScheme() ? chain.signature(r - 1) : null);
                    assertThat(tryAppend(s, bad)).as("conflicting %d at head %d", r, head)
                            .isEqualTo(r == head + 1 && r > 0);
                    if (r == head + 1 && r > 0) {
                        // a new round nobody can tell apart from the true one: take the store's word
                        head = r;
                        chain = null; // the chain forked: stop the sequence here
                    }
                }
                case 3 -> { // batch r..r+count-1
                    List<Beacon> batch = r == 0 ? List.of() : chain.beacons(r, r + op.count() - 1);
                    boolean ok = batch.isEmpty() || r <= head + 1;
                    try {
                        s.appendAll(batch);
                        assertThat(ok).as("batch from %d at head %d accepted", r, head).isTrue();
                        head = Math.max(head, batch.isEmpty() ? head : r + op.count() - 1);
                    } catch (StoreException e) {
                        assertThat(ok).as("batch from %d at head %d refused: %s", r, head, e.getMessage()).isFalse();
                    }
                }
                case 4 -> { // delete from r
                    if (r >= 1) {
                        s.deleteFrom(r);
                        head = Math.min(head, r - 1);
                    }
                }
                default -> { // badly linked beacon (chained) or plain duplicate
                    if (chain.chainedScheme() && r == head + 1) {
                        Beacon wrong = new Beacon(r, chain.signature(r), chain.signature(r + 7));
                        assertThat(tryAppend(s, wrong)).isFalse();
                    }
                }
            }
            if (chain == null) {
                return;
            }
            assertThat(s.last()).isEqualTo(chain.beacon(head));
            assertThat(s.size()).isEqualTo(head + 1);
        }
        if (chain != null) {
            assertThat(s.range(0, (int) head + 10)).containsExactlyElementsOf(chain.beacons(0, head));
        }
    }

    /** True if stored or a benign duplicate, false if refused. */
    private static boolean tryAppend(ChainStore s, Beacon b) {
        try {
            s.append(b);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }
}
