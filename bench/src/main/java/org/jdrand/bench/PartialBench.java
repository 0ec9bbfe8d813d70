package org.jdrand.bench;

import java.security.SecureRandom;
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

/** One partial signature: signing with a share, and verifying it against the public polynomial (t = 7). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PartialBench {
    @Param({"blst", "bouncycastle"})
    public String backend;

    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    private ThresholdBls tbls;
    private PubPoly pub;
    private PriShare share;
    private byte[] msg;
    private byte[] partial;

    @Setup
    public void setUp() {
        BlsBackend be = BlsBackends.byName(backend);
        Scheme s = Scheme.byId(scheme);
        PriPoly poly = PriPoly.random(7, new SecureRandom());
        pub = poly.commit(be, s.keyGroup());
        tbls = new ThresholdBls(be, s);
        msg = s.digest(new byte[96], 1234);
        share = poly.share(3);
        partial = tbls.signPartial(share, msg);
        if (!tbls.verifyPartial(pub, msg, partial)) { // also memoises the public share, as in a running node
            throw new IllegalStateException("fixture partial does not verify");
        }
    }

    @Benchmark
    public byte[] partialSign() {
        return tbls.signPartial(share, msg);
    }

    @Benchmark
    public boolean partialVerify() {
        return tbls.verifyPartial(pub, msg, partial);
    }
}
