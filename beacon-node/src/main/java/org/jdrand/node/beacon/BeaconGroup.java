package org.jdrand.node.beacon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * What a beacon process knows of its group (drand's group file): members, threshold, timing,
 * scheme and the public polynomial commitments (first = group key). Immutable.
 */
public record BeaconGroup(String beaconId, Scheme scheme, int threshold, int periodSeconds, int catchupPeriodSeconds,
        long genesisTime, long transitionTime, byte[] genesisSeed, List<GroupMember> members, List<byte[]> commits) {

    public BeaconGroup {
        beaconId = ChainInfo.normaliseBeaconId(beaconId);
        Objects.requireNonNull(scheme, "scheme");
        genesisSeed = Objects.requireNonNull(genesisSeed, "genesisSeed").clone();
        List<GroupMember> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingInt(GroupMember::index));
        members = List.copyOf(sorted);
        List<byte[]> c = new ArrayList<>();
        commits.forEach(x -> c.add(x.clone()));
        commits = List.copyOf(c);
        int n = members.size();
        if (threshold < n / 2 + 1 || threshold > n) {
            throw new IllegalArgumentException("group " + beaconId + ": threshold " + threshold + " (expected "
                    + (n / 2 + 1) + ".." + n + " for " + n + " nodes)");
        }
        if (commits.size() != threshold) {
            throw new IllegalArgumentException("group " + beaconId + ": " + commits.size()
                    + " public coefficients (expected threshold " + threshold + ")");
        }
        if (periodSeconds <= 0 || catchupPeriodSeconds < 0) {
            throw new IllegalArgumentException("group " + beaconId + ": period " + periodSeconds + "s, catch-up "
                    + catchupPeriodSeconds + "s");
        }
        Set<Integer> seen = new HashSet<>();
        for (GroupMember m : members) {
            if (!seen.add(m.index())) {
                throw new IllegalArgumentException("group " + beaconId + ": duplicate index " + m.index());
            }
        }
    }

    /** The group public key: the first commitment. */
    public byte[] publicKey() {
        return commits.get(0).clone();
    }

    @Override
    public byte[] genesisSeed() {
        return genesisSeed.clone();
    }

    @Override
    public List<byte[]> commits() {
        List<byte[]> c = new ArrayList<>();
        commits.forEach(x -> c.add(x.clone()));
        return c;
    }

    public ChainInfo chainInfo() {
        return new ChainInfo(publicKey(), beaconId, periodSeconds, scheme, genesisTime, genesisSeed);
    }

    /** Highest share index + 1: partial indices must be below it. */
    public int size() {
        return members.stream().mapToInt(GroupMember::index).max().orElse(-1) + 1;
    }

    public Optional<GroupMember> member(String address) {
        return members.stream().filter(m -> m.address().equals(address)).findFirst();
    }
}
