package org.jdrand.dkg;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;

/**
 * What the phases of one {@link DkgSession} share: the session's fixed parameters (dealers,
 * share holders, this node's indices, the primitives) and kyber's status board (which dealer's
 * share each holder confirmed), the valid shares and commitments received, and the evictions.
 * Not thread-safe: owned by its session.
 */
final class SessionState {
    final DkgConfig config;
    final SecureRandom random;
    final BlsBackend backend;
    final Group keyGroup;
    final Point base;
    final Schnorr schnorr;
    final Ecies ecies;
    final byte[] sessionId;
    final List<DkgNode> dealers;
    final List<DkgNode> holders;
    private final Map<Integer, Integer> dealerPosition = new HashMap<>();
    private final Map<Integer, Integer> holderPosition = new HashMap<>();
    /** Own index as dealer, or -1 for a joiner. */
    final int oidx;
    final int nidx;
    final boolean canIssue;
    final PubPoly oldPolynomial;
    /** statuses[dealer position][holder position]: true = success; FastSync starts from complaints. */
    private final boolean[][] statuses;
    final Map<Integer, Scalar> validShares = new HashMap<>();
    final Map<Integer, PubPoly> allPublics = new HashMap<>();
    final Map<Integer, String> evicted = new LinkedHashMap<>();
    final Map<Integer, String> evictedHolders = new LinkedHashMap<>();
    /** This dealer's secret polynomial, once it dealt (its justifications reveal shares of it). */
    PriPoly secretPolynomial;

    SessionState(DkgConfig config, SecureRandom random) {
        this.config = config;
        this.random = random;
        // a BN254 scheme's points and scalars (mod BN254's r) belong to the bn254 backend
        this.backend = org.jdrand.crypto.BlsBackends.forScheme(config.backend(), config.scheme());
        this.keyGroup = config.scheme().keyGroup();
        this.base = backend.generator(keyGroup);
        this.schnorr = new Schnorr(backend, keyGroup);
        this.ecies = new Ecies(backend, keyGroup);
        this.sessionId = config.sessionId();
        this.dealers = config.dealers();
        this.holders = config.newNodes();
        for (int i = 0; i < dealers.size(); i++) {
            dealerPosition.put(dealers.get(i).index(), i);
        }
        for (int i = 0; i < holders.size(); i++) {
            holderPosition.put(holders.get(i).index(), i);
        }
        Point own = base.multiply(config.longterm());
        this.nidx = findIndex(holders, own);
        this.oidx = findIndex(dealers, own);
        this.canIssue = oidx >= 0;
        this.oldPolynomial = config.resharing() ? new PubPoly(config.oldCommits()) : null;
        this.statuses = new boolean[dealers.size()][holders.size()];
    }

    boolean isDealer(int index) {
        return dealerPosition.containsKey(index);
    }

    boolean isHolder(int index) {
        return holderPosition.containsKey(index);
    }

    /** This node's Schnorr signature over a bundle's hash. */
    byte[] sign(DkgBundle bundle) {
        return schnorr.sign(config.longterm(), bundle.hash(), random);
    }

    void evict(int dealer, String why) {
        evicted.putIfAbsent(dealer, why);
    }

    void evictHolder(int holder, String why) {
        evictedHolders.putIfAbsent(holder, why);
    }

    boolean status(int dealer, int holder) {
        return statuses[dealerPosition.get(dealer)][holderPosition.get(holder)];
    }

    void setStatus(int dealer, int holder, boolean success) {
        statuses[dealerPosition.get(dealer)][holderPosition.get(holder)] = success;
    }

    /** Every share holder confirmed {@code dealer}'s share. */
    boolean allTrue(int dealer) {
        for (boolean b : statuses[dealerPosition.get(dealer)]) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    boolean completeSuccess() {
        for (DkgNode dealer : dealers) {
            if (!allTrue(dealer.index())) {
                return false;
            }
        }
        return true;
    }

    /** An evicted dealer's row counts as all complaints in the result. */
    void clearEvictedRows() {
        for (int dealer : evicted.keySet()) {
            java.util.Arrays.fill(statuses[dealerPosition.get(dealer)], false);
        }
    }

    /** Why this node, as a dealer, was evicted; empty if it was not. */
    Optional<String> selfEviction() {
        return canIssue && evicted.containsKey(oidx) ? Optional.of(evicted.get(oidx)) : Optional.empty();
    }

    /** Evicted dealers plus those whose deals are unusable, with why. */
    Map<Integer, String> excluded() {
        Map<Integer, String> out = new LinkedHashMap<>(evicted);
        for (DkgNode dealer : dealers) {
            if (!out.containsKey(dealer.index()) && !allTrue(dealer.index())) {
                out.put(dealer.index(), allPublics.containsKey(dealer.index()) ? "unjustified complaints" : "no deal");
            }
        }
        return out;
    }

    static int findIndex(List<DkgNode> nodes, Point key) {
        for (DkgNode n : nodes) {
            if (n.publicKey().equals(key)) {
                return n.index();
            }
        }
        return -1;
    }
}
