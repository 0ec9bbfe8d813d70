package org.jdrand.node.daemon;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreConfig;
import org.jdrand.node.store.StoreException;

/**
 * Reads one beacon ID's files (key pair, group file, share) in drand's layout and opens its
 * store: what {@code jdrand start} needs to run it. A beacon without group or share has not
 * finished a DKG yet and is not loaded.
 */
public final class BeaconLoader {
    private BeaconLoader() {}

    /**
     * @return the setup, or empty when the beacon has no group or share yet
     * @throws KeyFileException when a file is unreadable, invalid or inconsistent with the others
     */
    public static Optional<BeaconSetup> load(KeyStore keys, StoreConfig storeConfig, InstantSource clock)
            throws KeyFileException, StoreException {
        if (!keys.hasGroup() || !keys.hasShare()) {
            return Optional.empty();
        }
        KeyPair pair = keys.loadKeyPair();
        Group group = keys.loadGroup();
        KeyShare share = keys.loadShare();
        String address = pair.identity().address();
        Group.Member me = group.member(address).orElseThrow(() -> new KeyFileException(keys.groupFile()
                + ": this node's address " + address + " is not in the group"));
        if (me.index() != share.index()) {
            throw new KeyFileException(keys.shareFile() + ": Index " + share.index() + " (expected " + me.index()
                    + " from the group file)");
        }
        Path db = keys.chainDbFile();
        ChainStore store = storeConfig.open(group.chainInfo(), db);
        // a fresh store before genesis starts normally; anything else catches up
        boolean fresh = store.last().round() == 0 && clock.instant().getEpochSecond() < group.genesisTime();
        return Optional.of(new BeaconSetup(group, me, new PriShare(share.index(), share.share()), store,
                fresh ? StartMode.START : StartMode.CATCHUP));
    }

    public static List<String> beaconIds(Path base) throws KeyFileException {
        return KeyStore.beaconIds(base);
    }
}
