package org.jdrand.dkg;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * What one node needs to run a DKG (drand internal/dkg/execution.go initialDKGConfig /
 * reshareDKGConfig; dkg.md §1). For a fresh DKG the old nodes are the new nodes; for a reshare
 * they are the previous group with its indices, and remainers also hold their previous share.
 * FastSync is always on. The long-term secret and the old share are never printed.
 *
 * @param oldCommits the previous public polynomial (reshare only, else empty)
 * @param oldShare   this node's previous share (reshare remainer only, else null)
 */
public record DkgConfig(Scheme scheme, BlsBackend backend, Scalar longterm, List<DkgNode> newNodes, int threshold,
        byte[] sessionId, List<DkgNode> oldNodes, List<Point> oldCommits, Scalar oldShare) {

    public DkgConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(longterm, "longterm");
        newNodes = List.copyOf(newNodes);
        oldNodes = List.copyOf(oldNodes);
        oldCommits = List.copyOf(oldCommits);
        sessionId = Bytes.copy(sessionId);
        checkNodes("new", newNodes);
        checkNodes("old", oldNodes);
        int n = newNodes.size();
        if (threshold < minimumThreshold(n) || threshold > n) {
            throw new IllegalArgumentException("dkg config: threshold " + threshold + " out of range (expected "
                    + minimumThreshold(n) + ".." + n + " for " + n + " nodes)");
        }
        if (sessionId.length == 0) {
            throw new IllegalArgumentException("dkg config: empty session id");
        }
        Point own = org.jdrand.crypto.BlsBackends.forScheme(backend, scheme).generator(scheme.keyGroup()).multiply(longterm);
        if (newNodes.stream().noneMatch(node -> node.publicKey().equals(own))) {
            throw new IllegalArgumentException("dkg config: own key " + Hex.shortHex(own.toBytes())
                    + " not among the new nodes (leavers do not run the DKG)");
        }
        boolean resharing = !oldNodes.isEmpty();
        if (resharing) {
            if (oldCommits.isEmpty()) {
                throw new IllegalArgumentException("dkg config: reshare without the previous public polynomial");
            }
            if (oldCommits.size() > oldNodes.size()) {
                throw new IllegalArgumentException("dkg config: previous threshold " + oldCommits.size()
                        + " above the " + oldNodes.size() + " previous nodes");
            }
            boolean oldMember = oldNodes.stream().anyMatch(node -> node.publicKey().equals(own));
            if (oldMember && oldShare == null) {
                throw new IllegalArgumentException("dkg config: a remainer needs its previous share");
            }
            if (!oldMember && oldShare != null) {
                throw new IllegalArgumentException("dkg config: a joiner has no previous share");
            }
        } else if (!oldCommits.isEmpty() || oldShare != null) {
            throw new IllegalArgumentException("dkg config: previous polynomial or share given without old nodes");
        }
    }

    /** A fresh DKG among {@code nodes} (OldNodes = NewNodes). */
    public static DkgConfig fresh(Scheme scheme, BlsBackend backend, Scalar longterm, List<DkgNode> nodes,
            int threshold, byte[] sessionId) {
        return new DkgConfig(scheme, backend, longterm, nodes, threshold, sessionId, List.of(), List.of(), null);
    }

    /**
     * A reshare from the previous group ({@code oldNodes}, {@code oldCommits}) to {@code newNodes};
     * {@code oldShare} is this node's previous share, or null for a joiner.
     */
    public static DkgConfig reshare(Scheme scheme, BlsBackend backend, Scalar longterm, List<DkgNode> oldNodes,
            List<Point> oldCommits, Scalar oldShare, List<DkgNode> newNodes, int threshold, byte[] sessionId) {
        return new DkgConfig(scheme, backend, longterm, newNodes, threshold, sessionId, oldNodes, oldCommits, oldShare);
    }

    public boolean resharing() {
        return !oldNodes.isEmpty();
    }

    /** The dealers: the previous group when resharing, else the new nodes. */
    public List<DkgNode> dealers() {
        return resharing() ? oldNodes : newNodes;
    }

    /** The previous threshold (reshare), i.e. how many valid old dealers the new share needs. */
    public int oldThreshold() {
        return oldCommits.size();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** drand's lower bound on the threshold: ⌊n/2⌋ + 1. */
    public static int minimumThreshold(int n) {
        return n / 2 + 1;
    }

    /** drand's DKG nonce: SHA-256 of the epoch as a big-endian uint32. */
    public static byte[] sessionId(long epoch) {
        if (epoch < 0 || epoch > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("dkg session id: epoch " + epoch + " is not a uint32");
        }
        return Scheme.sha256().digest(ByteBuffer.allocate(4).putInt((int) epoch).array());
    }

    /**
     * Participants as drand orders them (util.SortedByPublicKey): by the marshalled public key,
     * unsigned bytewise; the index is the position.
     */
    public static List<DkgNode> sortedByPublicKey(Collection<Point> publicKeys) {
        List<Point> keys = new ArrayList<>(publicKeys);
        keys.sort((a, b) -> Arrays.compareUnsigned(a.toBytes(), b.toBytes()));
        List<DkgNode> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.add(new DkgNode(i, keys.get(i)));
        }
        return List.copyOf(out);
    }

    private static void checkNodes(String which, List<DkgNode> nodes) {
        Set<Integer> indices = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (DkgNode node : nodes) {
            if (!indices.add(node.index())) {
                throw new IllegalArgumentException("dkg config: duplicate index " + node.index() + " in " + which + " nodes");
            }
            if (!keys.add(Hex.encode(node.publicKey().toBytes()))) {
                throw new IllegalArgumentException("dkg config: duplicate key " + Hex.shortHex(node.publicKey().toBytes())
                        + " in " + which + " nodes");
            }
        }
        if (which.equals("new") && nodes.isEmpty()) {
            throw new IllegalArgumentException("dkg config: no new nodes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "DkgConfig[scheme=" + scheme + ", n=" + newNodes.size() + ", t=" + threshold + ", session="
                + Hex.shortHex(sessionId) + (resharing() ? ", old n=" + oldNodes.size() + ", old t=" + oldThreshold() : "")
                + ", longterm=redacted]";
    }
}
