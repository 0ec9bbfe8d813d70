package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Recovery of an evmnet-scheme (BN254) group signature from t partials, as {@link ThresholdBench}
 * does for BLS12-381: decode, batched check against the public polynomial, Lagrange combination
 * (mod BN254's r), final check under the group key; and signing one partial. The shares come from
 * a polynomial mod BN254's r dealt here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Bn254ThresholdBench {
    @Param({"7"})
    public int threshold;

    private ThresholdBls tbls;
    private PubPoly pub;
    private byte[] msg;
    private List<byte[]> partials;
    private PriShare share;

    @Setup
    public void setUp() {
        Scheme s = Scheme.BLS_BN254_UNCHAINED_ON_G1;
        PriPoly poly = PriPoly.random(threshold, new SecureRandom(), s.groupOrder());
        pub = poly.commit(BlsBackends.bn254(), s.keyGroup());
        tbls = new ThresholdBls(BlsBackends.bn254(), s);
        msg = s.digest(null, 1234);
        int n = 2 * threshold - 1;
        partials = new ArrayList<>();
        for (PriShare sh : poly.shares(n)) {
            partials.add(tbls.signPartial(sh, msg));
        }
        partials = new ArrayList<>(partials.subList(n - threshold, n));
        share = poly.share(0);
        tbls.recover(pub, msg, partials, threshold);
    }

    @Benchmark
    public byte[] recover() {
        return tbls.recover(pub, msg, partials, threshold);
    }

    /** A node's partial: keccak round message hashed to G1, times the secret share (constant-time multiplication). */
    @Benchmark
    public byte[] signPartial() {
        return tbls.signPartial(share, msg);
    }
}
