package org.jdrand.node.key;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.GroupHash;

/**
 * A drand group (common/key/group.go): the members with their indices and identities, the
 * threshold, timing (period, catch-up period, genesis and transition time), genesis seed, scheme,
 * beacon ID and the public polynomial's coefficients (the first is the group key). Validated on
 * construction; immutable. The node's one group model: the group file ({@link GroupToml}), the
 * gRPC group packet and the running beacon process all use it.
 */
public final class Group {

    /** A member of the group: its 0-based share index and its identity. */
    public record Member(int index, NodeIdentity identity) {
        public Member {
            Objects.requireNonNull(identity, "identity");
            if (index < 0) {
                throw new IllegalArgumentException("group: node index " + index + " (expected >= 0)");
            }
        }

        /** The member's host:port. */
        public String address() {
            return identity.address();
        }

        /** drand Node.Hash: BLAKE2b-256(LE32(index) ‖ marshalled key). */
        public byte[] hash() {
            return GroupHash.nodeHash(index, identity.key().toBytes());
        }
    }

    private final List<Member> nodes;
    private final int threshold;
    private final Duration period;
    private final Duration catchupPeriod;
    private final long genesisTime;
    private final long transitionTime;
    private final byte[] genesisSeed;
    private final Scheme scheme;
    private final String beaconId;
    private final List<Point> publicCoefficients;

    /**
     * @param genesisSeed the seed, or null/empty to use this group's own hash (the epoch-1 group)
     * @throws IllegalArgumentException naming the first rule the values break
     */
    public Group(List<Member> nodes, int threshold, Duration period, Duration catchupPeriod, long genesisTime,
            long transitionTime, byte[] genesisSeed, Scheme scheme, String beaconId, List<Point> publicCoefficients) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(catchupPeriod, "catchupPeriod");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(publicCoefficients, "publicCoefficients");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("group: no nodes (expected at least 1)");
        }
        List<Member> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingInt(Member::index));
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            Member m = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).index() == m.index()) {
                throw new IllegalArgumentException("group: node index " + m.index() + " used twice");
            }
            if (!addresses.add(m.identity().address())) {
                throw new IllegalArgumentException("group: node address " + m.identity().address() + " used twice");
            }
            if (!m.identity().scheme().equals(scheme)) {
                throw new IllegalArgumentException("group: node " + m.index() + " scheme " + m.identity().scheme().id()
                        + " (expected " + scheme.id() + ")");
            }
        }
        int n = sorted.size();
        int min = n / 2 + 1;
        if (threshold < min || threshold > n) {
            throw new IllegalArgumentException("group: threshold " + threshold + " (expected " + min + ".." + n
                    + " for " + n + " nodes)");
        }
        if (period.isNegative() || period.isZero() || period.getNano() != 0) {
            throw new IllegalArgumentException("group: period " + GoDuration.format(period.abs())
                    + (period.isNegative() ? " negative" : "") + " (expected a positive whole number of seconds)");
        }
        if (catchupPeriod.isNegative()) {
            throw new IllegalArgumentException("group: catchup period is negative (expected >= 0)");
        }
        if (genesisTime <= 0) {
            throw new IllegalArgumentException("group: genesis time " + genesisTime + " (expected Unix seconds > 0)");
        }
        if (transitionTime < 0) {
            throw new IllegalArgumentException("group: transition time " + transitionTime + " (expected >= 0)");
        }
        if (publicCoefficients.size() != threshold) {
            throw new IllegalArgumentException("group: " + publicCoefficients.size() + " public coefficients (expected "
                    + "threshold " + threshold + ")");
        }
        for (int i = 0; i < publicCoefficients.size(); i++) {
            Point c = Objects.requireNonNull(publicCoefficients.get(i), "coefficient");
            if (c.group() != scheme.keyGroup()) {
                throw new IllegalArgumentException("group: public coefficient " + i + " in " + c.group() + " (expected "
                        + scheme.keyGroup() + ")");
            }
        }
        if (publicCoefficients.get(0).isInfinity()) {
            throw new IllegalArgumentException("group: group public key is the point at infinity");
        }
        this.nodes = List.copyOf(sorted);
        this.threshold = threshold;
        this.period = period;
        this.catchupPeriod = catchupPeriod;
        this.genesisTime = genesisTime;
        this.transitionTime = transitionTime;
        this.scheme = scheme;
        this.beaconId = ChainInfo.normaliseBeaconId(beaconId);
        this.publicCoefficients = List.copyOf(publicCoefficients);
        if (genesisSeed == null || genesisSeed.length == 0) {
            this.genesisSeed = hash();
        } else if (genesisSeed.length != 32) {
            throw new IllegalArgumentException("group: genesis seed of " + genesisSeed.length + " bytes (expected 32)");
        } else {
            this.genesisSeed = genesisSeed.clone();
        }
    }

    /**
     * drand Group.Hash (spec beacon-and-crypto.md §7), computed by the crypto module's
     * {@link GroupHash}: node hashes by index, LE32(threshold), LE64(genesis time), LE64(transition
     * time) if non-zero, the public coefficients' hash, the beacon ID unless it is "default".
     */
    public byte[] hash() {
        return GroupHash.of(
                nodes.stream().map(m -> new GroupHash.Member(m.index(), m.identity().key().toBytes())).toList(),
                threshold, genesisTime, transitionTime,
                publicCoefficients.stream().map(Point::toBytes).toList(), beaconId);
    }

    /** The chain this group produces (its hash is the chain hash). */
    public ChainInfo chainInfo() {
        return new ChainInfo(publicKey().toBytes(), beaconId, (int) period.getSeconds(), scheme, genesisTime, genesisSeed);
    }

    /** C₀, the group public key. */
    public Point publicKey() {
        return publicCoefficients.get(0);
    }

    public Optional<Member> member(String address) {
        return nodes.stream().filter(m -> m.identity().address().equals(address)).findFirst();
    }

    public Optional<Member> memberWithKey(Point key) {
        return nodes.stream().filter(m -> m.identity().key().equals(key)).findFirst();
    }

    public List<Member> nodes() {
        return nodes;
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /**
     * The highest share index + 1: partial signatures carry indices below it. Equal to
     * {@link #size()} unless a reshare left a gap (a new node dropped out of the DKG).
     */
    public int shareIndexLimit() {
        return nodes.get(nodes.size() - 1).index() + 1;
    }

    public int threshold() {
        return threshold;
    }

    public Duration period() {
        return period;
    }

    public Duration catchupPeriod() {
        return catchupPeriod;
    }

    public long genesisTime() {
        return genesisTime;
    }

    public long transitionTime() {
        return transitionTime;
    }

    public byte[] genesisSeed() {
        return genesisSeed.clone();
    }

    public Scheme scheme() {
        return scheme;
    }

    public String beaconId() {
        return beaconId;
    }

    public List<Point> publicCoefficients() {
        return publicCoefficients;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && g.nodes.equals(nodes) && g.threshold == threshold && g.period.equals(period)
                && g.catchupPeriod.equals(catchupPeriod) && g.genesisTime == genesisTime
                && g.transitionTime == transitionTime && java.util.Arrays.equals(g.genesisSeed, genesisSeed)
                && g.scheme.equals(scheme) && g.beaconId.equals(beaconId)
                && g.publicCoefficients.equals(publicCoefficients);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        return "Group[" + beaconId + ", " + scheme.id() + ", " + threshold + " of " + nodes.size() + ", period "
                + GoDuration.format(period) + ", genesis " + genesisTime + ", seed " + Hex.shortHex(genesisSeed) + "]";
    }
}
