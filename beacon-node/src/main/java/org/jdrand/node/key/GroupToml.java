package org.jdrand.node.key;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/**
 * The group file's TOML ({@code drand_group.toml}, drand's key.GroupTOML): the one place that
 * maps a {@link Group} to and from text. Reading tolerates v1's TLS fields and an empty ID
 * ("default"); errors name the file and the field.
 */
public final class GroupToml {
    private GroupToml() {}

    /** The group as drand writes it: top-level fields, one {@code [[Nodes]]} table each, {@code [PublicKey]}. */
    public static String format(Group group) {
        TomlWriter w = new TomlWriter()
                .integer("Threshold", group.threshold())
                .string("Period", GoDuration.format(group.period()))
                .string("CatchupPeriod", GoDuration.format(group.catchupPeriod()))
                .integer("GenesisTime", group.genesisTime());
        if (group.transitionTime() != 0) {
            w.integer("TransitionTime", group.transitionTime());
        }
        w.string("GenesisSeed", Hex.encode(group.genesisSeed()))
                .string("SchemeID", group.scheme().id())
                .string("ID", group.beaconId());
        for (Group.Member m : group.nodes()) {
            IdentityToml.write(w.arrayTable("Nodes"), m.identity()).integer("Index", m.index());
        }
        w.table("PublicKey").strings("Coefficients", group.publicCoefficients().stream()
                .map(p -> Hex.encode(p.toBytes())).toList());
        return w.toString();
    }

    /**
     * Parses and validates a group document.
     *
     * @param name labels errors (the file, or where the text came from)
     */
    public static Group parse(String name, String text, Bls bls) throws KeyFileException {
        TomlFields t = TomlFields.parse(name, text);
        Scheme scheme = t.scheme("SchemeID");
        BlsBackend backend = bls.backend(scheme);
        List<Group.Member> members = new ArrayList<>();
        for (TomlFields n : t.tables("Nodes")) {
            Scheme nodeScheme = n.has("SchemeName") ? n.scheme("SchemeName") : scheme;
            members.add(new Group.Member(n.int32("Index"), IdentityToml.read(n, nodeScheme, bls)));
        }
        List<Point> coefficients = t.table("PublicKey")
                .decodeList("Coefficients", b -> backend.decode(scheme.keyGroup(), b));
        Duration period = t.duration("Period", true);
        Duration catchup = t.duration("CatchupPeriod", false);
        byte[] seed = t.has("GenesisSeed") ? t.hex("GenesisSeed") : null;
        try {
            return new Group(members, t.int32("Threshold"), period, catchup, t.integer("GenesisTime"),
                    t.optionalInteger("TransitionTime", 0), seed, scheme, t.optionalString("ID", ""), coefficients);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(name + ": " + e.getMessage());
        }
    }
}
