package org.jdrand.node.dkg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgResult;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;

/**
 * Turns a finished DKG into the beacon's group file and share file (the share 0600, through
 * {@link KeyStore}). The group lists the qualified nodes under the addresses the proposal gave
 * their keys.
 */
final class GroupFileWriter {
    /** What was written: the group, this node's share and where the group file is. */
    record Written(Group group, KeyShare share, Path groupFile) {}

    private final Path folder;
    private final Bls bls;

    GroupFileWriter(Path folder, Bls bls) {
        this.folder = folder;
        this.bls = bls;
    }

    Written write(DkgEntry entry, DkgResult result) throws KeyFileException {
        Group group = group(entry, result);
        KeyShare share = new KeyShare(result.index(), result.share(), result.commits(), group.scheme());
        KeyStore ks = new KeyStore(folder, entry.beaconId(), bls);
        ks.saveShare(share);
        ks.saveGroup(group);
        return new Written(group, share, ks.groupFile());
    }

    /**
     * The group of {@code result} under the terms of {@code entry}: epoch 1 starts at genesis and
     * takes its seed from the group hash; a reshare keeps the seed and switches at the entry's
     * transition time.
     */
    static Group group(DkgEntry entry, DkgResult result) {
        Scheme scheme = Scheme.byId(entry.schemeId());
        Map<String, Participant> byKey = new HashMap<>();
        entry.newNodes().forEach(p -> byKey.put(Hex.encode(p.key()), p));
        List<Group.Member> members = new ArrayList<>();
        for (DkgNode n : result.qual()) {
            Participant p = byKey.get(Hex.encode(n.publicKey().toBytes()));
            if (p == null) {
                throw new IllegalArgumentException("dkg result: qualified node " + n.index() + " key "
                        + Hex.shortHex(n.publicKey().toBytes()) + " is not in the proposal of epoch " + entry.epoch());
            }
            members.add(new Group.Member(n.index(), new NodeIdentity(p.address(), n.publicKey(), p.signature(), scheme)));
        }
        long genesis = entry.genesisTime().getEpochSecond();
        boolean first = entry.epoch() == 1;
        return new Group(members, entry.threshold(), Duration.ofSeconds(entry.periodSeconds()),
                Duration.ofSeconds(entry.catchupPeriodSeconds()), genesis, first ? genesis : entry.transitionTime(),
                first ? null : entry.genesisSeed(), scheme, entry.beaconId(), result.commits());
    }
}
