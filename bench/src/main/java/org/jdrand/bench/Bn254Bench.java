package org.jdrand.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The evmnet scheme (bls-bn254-unchained-on-g1) on the pure-Java bn254 backend: one beacon
 * verified from its bytes, and a batch of {@code size} beacons (score per batch; divide by size
 * per beacon). The chain is signed by one key (the verifier sees only the group key either way).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Bn254Bench {
    @Param({"1000"})
    public int size;

    private BeaconVerifier verifier;
    private List<Beacon> beacons;
    private Beacon single;

    @Setup(Level.Trial)
    public void setUp() {
        Scheme s = Scheme.BLS_BN254_UNCHAINED_ON_G1;
        BlsBackend be = BlsBackends.bn254();
        Bls bls = new Bls(be);
        SplittableRandom rnd = new SplittableRandom(254);
        Scalar secret = Scalar.of(rnd.nextLong(1, Long.MAX_VALUE)).multiply(Scalar.of(rnd.nextLong(1, Long.MAX_VALUE)));
        Point pk = bls.publicKey(s, secret);
        verifier = new BeaconVerifier(be, s, pk.toBytes());
        beacons = new ArrayList<>(size);
        for (long round = 1; round <= size; round++) {
            beacons.add(new Beacon(round, bls.sign(s, secret, s.digest(null, round)), null));
        }
        single = beacons.get(0);
        if (!verifier.isValidBatch(beacons) || !verifier.isValid(single)) {
            throw new IllegalStateException("fixture beacons do not verify");
        }
    }

    @Benchmark
    public boolean verifyFromBytes() {
        return verifier.isValid(new Beacon(single.round(), single.signature(), null));
    }

    @Benchmark
    public boolean verifyBatch() {
        return verifier.isValidBatch(beacons);
    }
}
