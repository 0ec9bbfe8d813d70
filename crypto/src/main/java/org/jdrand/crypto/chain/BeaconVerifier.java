package org.jdrand.crypto.chain;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.CurvePoint;
import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.bls.RandomLinearCombination;

/**
 * Verifies beacons of one chain (drand crypto/schemes.go VerifyBeacon): the signature must be a
 * valid, non-infinity point and a BLS signature under the group key of the scheme's round
 * message. Chained beacons are checked against their own {@code previous_signature} field;
 * that it equals the previous round's signature is the store's job.
 *
 * <p>BN254 chains are verified with the bn254 backend whatever BLS12-381 backend is given.
 *
 * <p>Batch verification checks e(pk, Σ rᵢ·Hᵢ) = e(g, Σ rᵢ·σᵢ) with fresh random 64-bit weights
 * per call (so one bad beacon cannot be hidden by another), then bisects a failing batch. The
 * signatures' subgroup checks may be batched too ({@link BlsBackend#subgroupChecked}), with the
 * same 2⁻⁶⁴ bound: the pairing cannot see a component outside the subgroup, so this check is what
 * keeps a peer from handing over a valid signature with such a component added, whose bytes, and
 * so randomness, differ from the chain's.
 */
public final class BeaconVerifier {
    private final BlsBackend backend;
    private final Scheme scheme;
    private final Point publicKey;
    private final Bls bls;
    private final SecureRandom random;

    /**
     * @throws InvalidEncodingException when the key does not decode in the scheme's key group or
     *     is the point at infinity
     */
    public BeaconVerifier(BlsBackend backend, Scheme scheme, byte[] publicKey) {
        this(backend, scheme, publicKey, new SecureRandom());
    }

    /** @param random source of the batch-verification weights */
    public BeaconVerifier(BlsBackend backend, Scheme scheme, byte[] publicKey, SecureRandom random) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.backend = BlsBackends.forScheme(Objects.requireNonNull(backend, "backend"), scheme);
        this.random = Objects.requireNonNull(random, "random");
        Point pk = this.backend.decode(scheme.keyGroup(), publicKey);
        if (pk.isInfinity()) {
            throw new InvalidEncodingException("public key: point at infinity");
        }
        this.publicKey = pk;
        this.bls = new Bls(this.backend);
    }

    public static BeaconVerifier forChain(BlsBackend backend, ChainInfo info) {
        return new BeaconVerifier(backend, info.scheme(), info.publicKey());
    }

    public Scheme scheme() {
        return scheme;
    }

    public boolean isValid(Beacon beacon) {
        try {
            check(beacon);
            return true;
        } catch (InvalidBeaconException e) {
            return false;
        }
    }

    /** @throws InvalidBeaconException saying why the beacon does not verify */
    public void check(Beacon beacon) {
        Point sig = ((CurvePoint.Checked) decodeSignature(beacon, false)).point();
        Point hash = bls.hashToSignatureGroup(scheme, message(beacon));
        if (!bls.pairingCheck(scheme, publicKey, hash, sig)) {
            throw new InvalidBeaconException(beacon.round(), "invalid signature " + Hex.shortHex(beacon.signature())
                    + (scheme.chained() ? " (for previous signature " + Hex.shortHex(beacon.previousSignature()) + ")" : ""));
        }
    }

    /** True iff every beacon verifies (true for an empty list). */
    public boolean isValidBatch(List<Beacon> beacons) {
        return invalidRounds(beacons).isEmpty();
    }

    /** The rounds of the beacons that do not verify, in input order. */
    public List<Long> invalidRounds(List<Beacon> beacons) {
        List<PreparedBeacon> prepared = new ArrayList<>(beacons.size());
        for (Beacon b : beacons) {
            prepared.add(prepare(b));
        }
        return invalidPreparedRounds(prepared);
    }

    /**
     * The per-beacon half of batch verification: decodes the signature (its subgroup check
     * deferred to the batch when the backend can) and hashes the round message (cofactor clearing
     * deferred when the backend can). Pure and independent of every other beacon: callers may
     * spread it over threads.
     */
    public PreparedBeacon prepare(Beacon beacon) {
        try {
            CurvePoint sig = decodeSignature(beacon, true);
            DeferredHash hash = backend.hashToCurveDeferred(scheme.signatureGroup(), message(beacon), scheme.dstBytes());
            return new PreparedBeacon(this, beacon.round(), sig, hash, null);
        } catch (InvalidBeaconException e) {
            return new PreparedBeacon(this, beacon.round(), null, null, e.getMessage());
        }
    }

    /**
     * The batch half: the signatures' subgroup checks (batched where the backend can), then one
     * random linear combination of the prepared beacons (fresh weights), bisected when it fails.
     * Returns the rounds that do not verify, in input order.
     *
     * @throws IllegalArgumentException for a beacon prepared by another verifier
     */
    public List<Long> invalidPreparedRounds(List<PreparedBeacon> prepared) {
        List<Integer> candidates = new ArrayList<>();
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            PreparedBeacon p = prepared.get(i);
            if (p.verifier != this) {
                throw new IllegalArgumentException("prepared beacon: round " + p.round() + " prepared by another verifier");
            }
            (p.failed() ? bad : candidates).add(i);
        }
        List<CurvePoint> pending = new ArrayList<>(candidates.size());
        for (int i : candidates) {
            pending.add(prepared.get(i).signature);
        }
        List<Point> checked = backend.subgroupChecked(pending, random);
        Point[] sigs = new Point[prepared.size()];
        List<Integer> inSubgroup = new ArrayList<>(candidates.size());
        for (int k = 0; k < candidates.size(); k++) {
            int i = candidates.get(k);
            sigs[i] = checked.get(k);
            (sigs[i] == null ? bad : inSubgroup).add(i);
        }
        bad.addAll(RandomLinearCombination.bisect(inSubgroup, subset -> allValid(prepared, sigs, subset)));
        bad.sort(null);
        List<Long> rounds = new ArrayList<>(bad.size());
        for (int i : bad) {
            rounds.add(prepared.get(i).round());
        }
        return rounds;
    }

    private boolean allValid(List<PreparedBeacon> prepared, Point[] checkedSigs, List<Integer> subset) {
        if (subset.size() == 1) {
            int i = subset.get(0);
            return bls.pairingCheck(scheme, publicKey, prepared.get(i).hash.point(), checkedSigs[i]);
        }
        List<Scalar> weights = RandomLinearCombination.weights(random, subset.size());
        List<DeferredHash> hashes = new ArrayList<>(subset.size());
        List<Point> sigs = new ArrayList<>(subset.size());
        for (int i : subset) {
            hashes.add(prepared.get(i).hash);
            sigs.add(checkedSigs[i]);
        }
        Point h = backend.sumOfHashes(hashes, weights); // the cofactor of the hashes cleared once, on the sum
        Point s = backend.multiScalarMultiply(sigs, weights);
        return bls.pairingCheck(scheme, publicKey, h, s);
    }

    private byte[] message(Beacon beacon) {
        return scheme.digest(beacon.previousSignature(), beacon.round());
    }

    /**
     * The signature, checked (encoding, curve, subgroup unless deferred to the batch, not
     * infinity), and the chained-field rule. Without deferral the result is {@link CurvePoint.Checked}.
     */
    private CurvePoint decodeSignature(Beacon beacon, boolean deferSubgroupCheck) {
        Objects.requireNonNull(beacon, "beacon");
        long round = beacon.round();
        if (round == 0) {
            throw new InvalidBeaconException(0, "the genesis beacon is not signed");
        }
        byte[] sigBytes = beacon.signature();
        CurvePoint sig;
        try {
            sig = deferSubgroupCheck ? backend.decodeToCurve(scheme.signatureGroup(), sigBytes)
                    : CurvePoint.checked(backend.decode(scheme.signatureGroup(), sigBytes));
        } catch (InvalidEncodingException e) {
            throw new InvalidBeaconException(round, "malformed signature: " + e.getMessage());
        }
        if (sig.isInfinity()) {
            throw new InvalidBeaconException(round, "signature is the point at infinity");
        }
        if (scheme.chained() && !beacon.hasPreviousSignature()) {
            throw new InvalidBeaconException(round, "missing previous signature (scheme " + scheme.id() + " is chained)");
        }
        return sig;
    }
}
