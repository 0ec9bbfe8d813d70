package org.jdrand.dkg;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;

/**
 * A successful DKG for one node (kyber DistKeyShare + QUAL): its share at x = index + 1, the
 * group's public polynomial (group key = commits[0]) and the qualified nodes. The share never
 * prints.
 *
 * @param index      this node's index in the new group
 * @param share      this node's secret share
 * @param commits    the public polynomial of the new group, threshold points in the key group
 * @param qual       the qualified nodes: QUAL dealers (fresh) or compliant new nodes (reshare)
 * @param excluded   dealers whose deals were not used, with why
 * @param evictedHolders share holders evicted for missing or invalid responses, with why
 */
public record DkgResult(int index, Scalar share, List<Point> commits, List<DkgNode> qual,
        Map<Integer, String> excluded, Map<Integer, String> evictedHolders) implements DkgOutcome {
    public DkgResult {
        Objects.requireNonNull(share, "share");
        commits = List.copyOf(commits);
        qual = List.copyOf(qual);
        excluded = Map.copyOf(excluded);
        evictedHolders = Map.copyOf(evictedHolders);
    }

    /** The distributed public key, C₀. */
    public Point groupKey() {
        return commits.get(0);
    }

    /** The share as crypto's threshold BLS takes it. */
    public PriShare priShare() {
        return new PriShare(index, share);
    }

    /** The public polynomial as crypto's threshold BLS takes it. */
    public PubPoly pubPoly() {
        return new PubPoly(commits);
    }

    public int threshold() {
        return commits.size();
    }

    @Override
    public String toString() {
        return "DkgResult[index=" + index + ", share=redacted, t=" + commits.size() + ", groupKey="
                + Hex.shortHex(groupKey().toBytes()) + ", qual=" + qual.stream().map(DkgNode::index).toList()
                + ", excluded=" + excluded + ", evictedHolders=" + evictedHolders + "]";
    }
}
