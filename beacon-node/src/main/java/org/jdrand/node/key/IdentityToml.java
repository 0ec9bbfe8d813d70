package org.jdrand.node.key;

import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/**
 * A node identity's TOML fields (Address, Key, Signature, SchemeName), as drand writes them in
 * {@code drand_id.public} and in each {@code [[Nodes]]} table of the group file.
 */
final class IdentityToml {
    private IdentityToml() {}

    static TomlWriter write(TomlWriter w, NodeIdentity id) {
        return w.string("Address", id.address())
                .string("Key", Hex.encode(id.key().toBytes()))
                .string("Signature", Hex.encode(id.signature()))
                .string("SchemeName", id.scheme().id());
    }

    static NodeIdentity read(TomlFields t, Scheme scheme, Bls bls) throws KeyFileException {
        String address = t.string("Address");
        try {
            NodeAddress.requireValid(address);
        } catch (IllegalArgumentException e) {
            throw t.error("Address", e.getMessage());
        }
        Point key = t.decode("Key", b -> bls.backend(scheme).decode(scheme.keyGroup(), b));
        byte[] sig = t.has("Signature") ? t.hex("Signature") : new byte[0];
        try {
            return new NodeIdentity(address, key, sig, scheme);
        } catch (IllegalArgumentException e) {
            throw t.error("Key", e.getMessage());
        }
    }
}
