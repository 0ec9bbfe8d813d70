package org.jdrand.bench;

import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One beacon verified from its bytes (decode signature, hash to curve, pairing check). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VerifyBench {
    @Param({"blst", "bouncycastle"})
    public String backend;

    @Param({"pedersen-bls-chained", "pedersen-bls-unchained", "bls-unchained-g1-rfc9380", "bls-unchained-on-g1"})
    public String scheme;

    private BeaconVerifier verifier;
    private long round;
    private byte[] signature;
    private byte[] previous;

    @Setup
    public void setUp() {
        BlsBackend be = BlsBackends.byName(backend);
        Scheme s = Scheme.byId(scheme);
        Fixtures.Chain chain = Fixtures.chain(be, s, 2, 42);
        verifier = new BeaconVerifier(be, s, chain.publicKey());
        Beacon b = chain.beacons().get(1);
        round = b.round();
        signature = b.signature();
        previous = b.previousSignature();
        if (!verifier.isValid(b)) {
            throw new IllegalStateException("fixture beacon does not verify");
        }
    }

    @Benchmark
    public boolean verifyFromBytes() {
        return verifier.isValid(new Beacon(round, signature, previous));
    }
}
