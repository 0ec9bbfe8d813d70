package org.jdrand.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.node.store.StoreException;

/**
 * The catch-up benchmarks' source chain: a group of five with a fixed dealer polynomial (t = 3,
 * period 1 s, genesis in 2020), so that its chain info, and the rounds cached in
 * {@code bench/target/catchup/}, stay valid across runs and across both benchmarks.
 */
final class CatchupSource {
    static final long GENESIS = 1_600_000_000L;
    static final int MEMBERS = 5;
    static final int THRESHOLD = 3;

    final Scheme scheme;
    final Bls bls;
    final PriPoly poly;
    final PubPoly pub;
    private final byte[] seed;

    CatchupSource(BlsBackend backend, Scheme scheme) {
        this.scheme = scheme;
        this.bls = new Bls(backend);
        List<Scalar> coeffs = new ArrayList<>();
        for (int k = 0; k < THRESHOLD; k++) {
            coeffs.add(Scalar.fromBytesReduced(Scheme.sha256().digest(("jdrand catch-up bench " + k).getBytes())));
        }
        this.poly = new PriPoly(coeffs);
        this.pub = poly.commit(backend, scheme.keyGroup());
        this.seed = Scheme.sha256().digest("jdrand catch-up bench seed".getBytes());
    }

    /** The group of these members (index i is member i); its chain info does not depend on them. */
    Group group(List<NodeIdentity> members) {
        List<Group.Member> list = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            list.add(new Group.Member(i, members.get(i)));
        }
        return new Group(list, THRESHOLD, Duration.ofSeconds(1), Duration.ofSeconds(1), GENESIS, GENESIS, seed, scheme,
                "default", pub.commits());
    }

    /**
     * The SQLite file holding rounds 1 … {@code rounds} of {@code info}'s chain (signed with the
     * dealer's secret, which the group's threshold signature equals), made on first use.
     */
    Path chain(ChainInfo info, int rounds) throws Exception {
        Path dir = Path.of("bench/target/catchup");
        Files.createDirectories(dir);
        Path file = dir.resolve("source-" + scheme.id() + "-" + rounds + ".sqlite");
        try (ChainStore store = SqliteChainStore.open(file, info)) {
            extend(store, rounds);
        }
        return file;
    }

    private void extend(ChainStore store, int rounds) throws StoreException {
        if (store.last().round() >= rounds) {
            return;
        }
        long t0 = System.nanoTime();
        Beacon last = store.last();
        List<Beacon> batch = new ArrayList<>();
        for (long r = last.round() + 1; r <= rounds; r++) {
            byte[] prev = scheme.chained() ? last.signature() : null;
            byte[] sig = bls.sign(scheme, poly.secret(), scheme.digest(prev, r));
            last = new Beacon(r, sig, prev);
            batch.add(last);
            if (batch.size() == 5000 || r == rounds) {
                store.appendAll(batch);
                batch.clear();
            }
        }
        System.out.printf("made source chain of %d rounds in %d s%n", rounds, (System.nanoTime() - t0) / 1_000_000_000L);
    }
}
