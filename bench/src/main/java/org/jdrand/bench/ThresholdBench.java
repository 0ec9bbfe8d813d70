package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recovery of the group signature from t partials, including decoding them, their batched check
 * against the public polynomial, the Lagrange combination and the final check under the group key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ThresholdBench {
    @Param({"blst"})
    public String backend;

    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    @Param({"3", "7", "15"})
    public int threshold;

    private ThresholdBls tbls;
    private PubPoly pub;
    private byte[] msg;
    private List<byte[]> partials;

    @Setup
    public void setUp() {
        BlsBackend be = BlsBackends.byName(backend);
        Scheme s = Scheme.byId(scheme);
        SecureRandom rnd = new SecureRandom();
        PriPoly poly = PriPoly.random(threshold, rnd);
        pub = poly.commit(be, s.keyGroup());
        tbls = new ThresholdBls(be, s);
        msg = s.digest(new byte[96], 1234);
        int n = 2 * threshold - 1;
        partials = new ArrayList<>();
        for (PriShare sh : poly.shares(n)) {
            partials.add(tbls.signPartial(sh, msg));
        }
        // a node receives partials from the others in arbitrary order: keep the last t
        partials = new ArrayList<>(partials.subList(n - threshold, n));
        tbls.recover(pub, msg, partials, threshold);
    }

    /** t partials from bytes: decode, batch check against the public polynomial, combine, verify. */
    @Benchmark
    public byte[] recover() {
        return tbls.recover(pub, msg, partials, threshold);
    }
}
