package org.jdrand.crypto.tbls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.bls.RandomLinearCombination;

/**
 * Threshold BLS of one scheme (kyber sign/tbls): partial signing, partial verification against
 * the public polynomial, and Lagrange recovery of the group signature.
 *
 * <p>Many partials on one message are checked together: with fresh random 64-bit weights rᵢ,
 * e(Σ rᵢ·Pᵢ, H) = e(g, Σ rᵢ·σᵢ), where Pᵢ are the (memoised) public shares; failing groups are
 * bisected. {@link #recover} first tries the common case in a single pairing product: the first
 * {@code threshold} partials and the signature recovered from them, all checked at once.
 *
 * <p>Public shares are memoised per index in the {@link PubPoly}; callers facing untrusted peers
 * should reject indices outside the group (≥ n) before calling, as drand does.
 */
public final class ThresholdBls {
    private final BlsBackend backend;
    private final Scheme scheme;
    private final Bls bls;
    private final SecureRandom random;

    public ThresholdBls(BlsBackend backend, Scheme scheme) {
        this(backend, scheme, new SecureRandom());
    }

    /** @param random source of the batch-verification weights */
    public ThresholdBls(BlsBackend backend, Scheme scheme, SecureRandom random) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.random = Objects.requireNonNull(random, "random");
        this.bls = new Bls(backend);
    }

    public Scheme scheme() {
        return scheme;
    }

    /** BE16(index) ‖ share·H(msg). */
    public byte[] signPartial(PriShare share, byte[] msg) {
        return new PartialSignature(share.index(), bls.sign(scheme, share.value(), msg)).toBytes();
    }

    /** True iff the partial is well formed and verifies under the public share of its index. */
    public boolean verifyPartial(PubPoly pubPoly, byte[] msg, byte[] partial) {
        requireKeyGroup(pubPoly);
        Decoded d = decode(partial);
        return d != null && bls.verifyPoint(scheme, pubPoly.eval(backend, d.index), bls.hashToSignatureGroup(scheme, msg), d.sig);
    }

    /**
     * H(msg) in the signature group. A node sees one message per (round, previous signature) but
     * signs and checks several partials on it: hash once, then use the {@code Point} overloads.
     */
    public Point hashMessage(byte[] msg) {
        return bls.hashToSignatureGroup(scheme, msg);
    }

    /** {@link #signPartial(PriShare, byte[])} over an already hashed message ({@link #hashMessage}). */
    public byte[] signPartial(PriShare share, Point hashedMsg) {
        requireSignatureGroup(hashedMsg);
        return new PartialSignature(share.index(), hashedMsg.multiply(share.value()).toBytes()).toBytes();
    }

    /** {@link #verifyPartial(PubPoly, byte[], byte[])} over an already hashed message ({@link #hashMessage}). */
    public boolean verifyPartial(PubPoly pubPoly, Point hashedMsg, byte[] partial) {
        requireKeyGroup(pubPoly);
        requireSignatureGroup(hashedMsg);
        Decoded d = decode(partial);
        return d != null && bls.verifyPoint(scheme, pubPoly.eval(backend, d.index), hashedMsg, d.sig);
    }

    /**
     * Recovery from partials the caller has already verified one by one (a round engine checks
     * each peer partial when it arrives): as {@link #combine}, and should that check fail (a
     * partial was not verified after all), falls back to {@link #recover}, which finds and skips
     * the bad partials; so the returned signature always verifies under the group key.
     *
     * @throws IllegalArgumentException as {@link #recover}
     */
    public byte[] recoverVerified(PubPoly pubPoly, Point hashedMsg, byte[] msg, List<byte[]> partials, int threshold) {
        byte[] sig = combine(pubPoly, hashedMsg, partials, threshold);
        return sig != null ? sig : recover(pubPoly, msg, partials, threshold);
    }

    /**
     * Optimistic recovery: the first {@code threshold} distinct well-formed indices are
     * Lagrange-combined and only the result is checked under C₀ (one pairing instead of one per
     * partial). The result is the group signature, valid under the group key, or null when there
     * are too few partials or the check fails (some partial is bad: find it with
     * {@link #invalidPartials(PubPoly, Point, List)}). BLS signatures are unique, so a combination
     * that verifies is the same signature whichever valid partials made it.
     */
    public byte[] combine(PubPoly pubPoly, Point hashedMsg, List<byte[]> partials, int threshold) {
        requireKeyGroup(pubPoly);
        requireSignatureGroup(hashedMsg);
        List<Decoded> candidates = candidates(partials, threshold);
        if (candidates.size() < threshold) {
            return null;
        }
        Point sig = combine(candidates.subList(0, threshold));
        if (!sig.isInfinity() && bls.verifyPoint(scheme, pubPoly.commit(), hashedMsg, sig)) {
            return sig.toBytes();
        }
        return null;
    }

    /** {@link #invalidPartials(PubPoly, byte[], List)} over an already hashed message ({@link #hashMessage}). */
    public List<Integer> invalidPartials(PubPoly pubPoly, Point hashedMsg, List<byte[]> partials) {
        requireKeyGroup(pubPoly);
        requireSignatureGroup(hashedMsg);
        List<Decoded> decoded = new ArrayList<>(partials.size());
        List<Integer> bad = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < partials.size(); i++) {
            Decoded d = decode(partials.get(i));
            decoded.add(d);
            if (d == null) {
                bad.add(i);
            } else {
                candidates.add(i);
            }
        }
        if (!candidates.isEmpty()) {
            bad.addAll(RandomLinearCombination.bisect(candidates, subset -> allValid(pubPoly, hashedMsg, decoded, subset)));
        }
        bad.sort(null);
        return bad;
    }

    /**
     * The positions (in {@code partials}) of the partials that are malformed or do not verify,
     * in ascending order. Hashes the message once and checks all partials with one pairing
     * product when they are all valid.
     */
    public List<Integer> invalidPartials(PubPoly pubPoly, byte[] msg, List<byte[]> partials) {
        requireKeyGroup(pubPoly);
        return invalidPartials(pubPoly, bls.hashToSignatureGroup(scheme, msg), partials);
    }

    /**
     * Recovers the group signature from partials on {@code msg}: malformed, invalid and
     * duplicate-index partials are skipped, the first {@code threshold} valid ones by index are
     * Lagrange-combined at 0 (as kyber), and the result is verified under C₀.
     *
     * @throws IllegalArgumentException when fewer than {@code threshold} distinct valid partials
     *     are given, or the recovered signature does not verify
     */
    public byte[] recover(PubPoly pubPoly, byte[] msg, List<byte[]> partials, int threshold) {
        requireKeyGroup(pubPoly);
        List<Decoded> candidates = candidates(partials, threshold);
        if (candidates.size() < threshold) {
            throw notEnough(candidates.size(), partials.size(), threshold);
        }
        Point h = bls.hashToSignatureGroup(scheme, msg);

        // common case: the first t partials are valid; check them and their combination at once
        List<Decoded> firstT = candidates.subList(0, threshold);
        Point sig = combine(firstT);
        if (!sig.isInfinity() && partialsAndRecoveredValid(pubPoly, h, firstT, sig)) {
            return sig.toBytes();
        }

        List<Decoded> valid = new ArrayList<>(threshold);
        int next = 0;
        // check only as many as still needed, in index order
        while (valid.size() < threshold && next < candidates.size()) {
            int take = Math.min(threshold - valid.size(), candidates.size() - next);
            List<Integer> batch = new ArrayList<>(take);
            for (int i = next; i < next + take; i++) {
                batch.add(i);
            }
            Set<Integer> bad = new HashSet<>(RandomLinearCombination.bisect(batch, s -> allValid(pubPoly, h, candidates, s)));
            for (int i : batch) {
                if (!bad.contains(i)) {
                    valid.add(candidates.get(i));
                }
            }
            next += take;
        }
        if (valid.size() < threshold) {
            throw notEnough(valid.size(), partials.size(), threshold);
        }
        sig = combine(valid);
        if (!bls.verifyPoint(scheme, pubPoly.commit(), h, sig)) {
            throw new IllegalArgumentException("recover: recovered signature does not verify under the group key "
                    + "(are the partials and the public polynomial of the same group?)");
        }
        return sig.toBytes();
    }

    /**
     * The well-formed partials, first of each index, sorted by index (what recovery combines).
     *
     * @throws IllegalArgumentException when {@code threshold} is below 1
     */
    private List<Decoded> candidates(List<byte[]> partials, int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("recover: threshold " + threshold + " (expected ≥ 1)");
        }
        List<Decoded> candidates = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (byte[] p : partials) {
            Decoded d = decode(p);
            if (d != null && seen.add(d.index)) {
                candidates.add(d);
            }
        }
        candidates.sort((a, b) -> Integer.compare(a.index, b.index));
        return candidates;
    }

    private static IllegalArgumentException notEnough(int valid, int given, int threshold) {
        return new IllegalArgumentException("recover: " + valid + " valid partials of " + given
                + " given (threshold " + threshold + ")");
    }

    /** σ = Σ λⱼ·σⱼ over shares sorted by index. */
    private Point combine(List<Decoded> shares) {
        List<Point> sigs = new ArrayList<>(shares.size());
        for (Decoded d : shares) {
            sigs.add(d.sig);
        }
        return backend.multiScalarMultiply(sigs, lagrangeAtZero(shares));
    }

    /** Lagrange weights at zero of the shares' indices. */
    private static List<Scalar> lagrangeAtZero(List<Decoded> shares) {
        List<Integer> indices = new ArrayList<>(shares.size());
        for (Decoded d : shares) {
            indices.add(d.index);
        }
        return Lagrange.coefficientsAtZero(indices);
    }

    /**
     * e(Σ rᵢ·Pᵢ + C₀, H) = e(g, Σ rᵢ·σᵢ + σ): every partial and the recovered σ at once (one
     * weight of a random linear combination may be 1 without weakening it).
     */
    private boolean partialsAndRecoveredValid(PubPoly pubPoly, Point h, List<Decoded> shares, Point sig) {
        List<Scalar> weights = new ArrayList<>(RandomLinearCombination.weights(random, shares.size()));
        weights.add(Scalar.ONE);
        List<Point> keys = new ArrayList<>(shares.size() + 1);
        List<Point> sigs = new ArrayList<>(shares.size() + 1);
        for (Decoded d : shares) {
            keys.add(pubPoly.eval(backend, d.index));
            sigs.add(d.sig);
        }
        keys.add(pubPoly.commit());
        sigs.add(sig);
        return bls.pairingCheck(scheme, backend.multiScalarMultiply(keys, weights), h, backend.multiScalarMultiply(sigs, weights));
    }

    /** One combined check of the subset: e(Σ rᵢ·Pᵢ, H) = e(g, Σ rᵢ·σᵢ). */
    private boolean allValid(PubPoly pubPoly, Point h, List<Decoded> decoded, List<Integer> subset) {
        if (subset.size() == 1) {
            Decoded d = decoded.get(subset.get(0));
            return bls.verifyPoint(scheme, pubPoly.eval(backend, d.index), h, d.sig);
        }
        List<Scalar> weights = RandomLinearCombination.weights(random, subset.size());
        List<Point> keys = new ArrayList<>(subset.size());
        List<Point> sigs = new ArrayList<>(subset.size());
        for (int i : subset) {
            Decoded d = decoded.get(i);
            keys.add(pubPoly.eval(backend, d.index));
            sigs.add(d.sig);
        }
        return bls.pairingCheck(scheme, backend.multiScalarMultiply(keys, weights), h, backend.multiScalarMultiply(sigs, weights));
    }

    /** Null when malformed or the signature is the point at infinity. */
    private Decoded decode(byte[] partial) {
        try {
            PartialSignature p = PartialSignature.fromBytes(scheme, partial);
            Point sig = backend.decode(scheme.signatureGroup(), p.signature());
            return sig.isInfinity() ? null : new Decoded(p.index(), sig);
        } catch (InvalidEncodingException e) {
            return null;
        }
    }

    private void requireSignatureGroup(Point hashedMsg) {
        if (hashedMsg.group() != scheme.signatureGroup()) {
            throw new IllegalArgumentException("hashed message in " + hashedMsg.group() + " (expected "
                    + scheme.signatureGroup() + " for " + scheme.id() + ")");
        }
    }

    private void requireKeyGroup(PubPoly pubPoly) {
        if (pubPoly.group() != scheme.keyGroup()) {
            throw new IllegalArgumentException("public polynomial in " + pubPoly.group() + " (expected "
                    + scheme.keyGroup() + " for " + scheme.id() + ")");
        }
    }

    private record Decoded(int index, Point sig) {}
}
