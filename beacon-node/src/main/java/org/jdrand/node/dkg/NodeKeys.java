package org.jdrand.node.dkg;

import java.nio.file.Path;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;

/** This node's key files per beacon ID, as the ceremony reads them. */
final class NodeKeys {
    private final Path folder;
    private final Bls bls;

    NodeKeys(Path folder, Bls bls) {
        this.folder = folder;
        this.bls = bls;
    }

    KeyStore keyStore(String id) {
        return new KeyStore(folder, id, bls);
    }

    KeyPair keyPair(String id) throws DkgException {
        KeyStore ks = keyStore(id);
        if (!ks.hasKeyPair()) {
            throw new DkgException("dkg: no key pair for beacon " + id + " in " + folder
                    + " (run 'jdrand generate-keypair --id " + id + " <host:port>' and restart the daemon)");
        }
        try {
            return ks.loadKeyPair();
        } catch (KeyFileException e) {
            throw new DkgException("dkg: " + e.getMessage());
        }
    }

    static Participant me(KeyPair kp) {
        NodeIdentity id = kp.identity();
        return new Participant(id.address(), id.key().toBytes(), id.signature());
    }

    static Scheme scheme(String id) throws DkgException {
        try {
            return Scheme.byId(id);
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg: " + e.getMessage());
        }
    }
}
