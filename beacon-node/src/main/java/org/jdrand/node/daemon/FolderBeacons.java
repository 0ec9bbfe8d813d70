package org.jdrand.node.daemon;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LoadBeacon's view of {@code --folder}: a beacon ID's key pair, group, share and store, read the
 * way {@code jdrand start} reads them (drand load --id after generate-keypair or stop --id).
 */
public final class FolderBeacons implements BeaconSupervisor.BeaconFiles {
    private static final Logger LOG = LoggerFactory.getLogger(FolderBeacons.class);

    private final Path folder;
    private final Bls bls;
    private final StoreConfig stores;
    private final InstantSource clock;

    public FolderBeacons(Path folder, Bls bls, StoreConfig stores, InstantSource clock) {
        this.folder = folder;
        this.bls = bls;
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public Optional<BeaconSetup> load(String beaconId) throws Exception {
        KeyStore keys;
        try {
            keys = new KeyStore(folder, beaconId, bls);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("load: " + e.getMessage()).asException();
        }
        if (!keys.hasKeyPair()) {
            throw Status.NOT_FOUND.withDescription("load: beacon " + beaconId + " has no key pair in " + folder
                    + " (run 'jdrand generate-keypair --id " + beaconId + "' or check the daemon's --folder)").asException();
        }
        try {
            return BeaconLoader.load(keys, stores, clock);
        } catch (Exception e) {
            throw Status.FAILED_PRECONDITION.withDescription("load: beacon " + beaconId + ": " + e.getMessage())
                    .asException();
        }
    }

    /**
     * GetIdentity for a beacon ID that has a key pair but no running process yet (a fresh node
     * waiting for its first DKG): read from drand_id.public.
     */
    public Optional<NodeIdentity> identity(String beaconId) {
        KeyStore ks = new KeyStore(folder, beaconId, bls);
        if (!ks.hasKeyPair()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ks.loadIdentity());
        } catch (KeyFileException e) {
            LOG.warn("identity unreadable id={} error={}", beaconId, e.getMessage());
            return Optional.empty();
        }
    }
}
