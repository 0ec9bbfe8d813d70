package org.jdrand.bench;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
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
 * (mod BN254's r), final check under the group key. The shares come from a polynomial mod r dealt here.
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

    @Setup
    public void setUp() {
        Scheme s = Scheme.BLS_BN254_UNCHAINED_ON_G1;
        BigInteger r = s.groupOrder();
        SecureRandom rnd = new SecureRandom();
        List<BigInteger> coeffs = new ArrayList<>();
        List<Point> commits = new ArrayList<>();
        Bls bls = new Bls(BlsBackends.bn254());
        for (int j = 0; j < threshold; j++) {
            coeffs.add(new BigInteger(320, rnd).mod(r));
            commits.add(bls.publicKey(s, Scalar.of(coeffs.get(j))));
        }
        pub = new PubPoly(commits);
        tbls = new ThresholdBls(BlsBackends.bn254(), s);
        msg = s.digest(null, 1234);
        int n = 2 * threshold - 1;
        partials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigInteger x = BigInteger.valueOf(i + 1L);
            BigInteger v = BigInteger.ZERO;
            for (int j = threshold - 1; j >= 0; j--) {
                v = v.multiply(x).add(coeffs.get(j)).mod(r);
            }
            partials.add(tbls.signPartial(new PriShare(i, Scalar.of(v)), msg));
        }
        partials = new ArrayList<>(partials.subList(n - threshold, n));
        tbls.recover(pub, msg, partials, threshold);
    }

    @Benchmark
    public byte[] recover() {
        return tbls.recover(pub, msg, partials, threshold);
    }
}
