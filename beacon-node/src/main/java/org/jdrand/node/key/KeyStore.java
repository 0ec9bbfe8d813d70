package org.jdrand.node.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The files of one beacon ID in drand's layout (spec node-protocol.md §8):
 * <pre>
 * &lt;base&gt;/multibeacon/&lt;id&gt;/key/drand_id.private     Key, SchemeName                 0600
 * &lt;base&gt;/multibeacon/&lt;id&gt;/key/drand_id.public      Address, Key, Signature, SchemeName
 * &lt;base&gt;/multibeacon/&lt;id&gt;/groups/drand_group.toml  the group
 * &lt;base&gt;/multibeacon/&lt;id&gt;/groups/dist_key.private  Index, Share, Commits, SchemeName 0600
 * &lt;base&gt;/multibeacon/&lt;id&gt;/db/                      the chain store
 * </pre>
 * Folders are created 0700, stricter than drand's 0740: nobody but the owner lists them (files
 * holding secrets are 0600 themselves). Writes go
 * through a temporary file, fsync and an atomic rename, so a crash leaves the old or the new
 * file, never half of one ({@code AtomicFiles}). The group file's TOML is {@link GroupToml}'s.
 * Errors say which file and field failed and never quote a secret.
 */
public final class KeyStore {
    public static final String DEFAULT_BEACON_ID = "default";
    public static final String PRIVATE_KEY_FILE = "drand_id.private";
    public static final String PUBLIC_KEY_FILE = "drand_id.public";
    public static final String GROUP_FILE = "drand_group.toml";
    public static final String SHARE_FILE = "dist_key.private";
    public static final String CHAIN_DB_FILE = "jdrand.sqlite";

    private static final Pattern BEACON_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    private final Path base;
    private final String beaconId;
    private final Bls bls;

    public KeyStore(Path base, String beaconId, Bls bls) {
        this.base = Objects.requireNonNull(base, "base");
        this.beaconId = requireBeaconId(beaconId);
        this.bls = Objects.requireNonNull(bls, "bls");
    }

    /** "" and null mean "default"; otherwise letters, digits, '-', '_' and '.' (it names a folder). */
    public static String requireBeaconId(String beaconId) {
        String id = ChainInfo.normaliseBeaconId(beaconId);
        if (!BEACON_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("beacon ID \"" + id + "\" (expected up to 64 letters, digits, '-', '_' or '.')");
        }
        return id;
    }

    /** The beacon IDs that have a folder under {@code base/multibeacon}, sorted. */
    public static List<String> beaconIds(Path base) throws KeyFileException {
        Path mb = base.resolve("multibeacon");
        if (!Files.isDirectory(mb)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(mb)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(id -> BEACON_ID.matcher(id).matches()).sorted().toList();
        } catch (IOException e) {
            throw new KeyFileException(mb + ": cannot list beacon IDs: " + e.getMessage(), e);
        }
    }

    public String beaconId() {
        return beaconId;
    }

    public Bls bls() {
        return bls;
    }

    public Path beaconFolder() {
        return base.resolve("multibeacon").resolve(beaconId);
    }

    public Path keyFolder() {
        return beaconFolder().resolve("key");
    }

    public Path groupFolder() {
        return beaconFolder().resolve("groups");
    }

    public Path dbFolder() {
        return beaconFolder().resolve("db");
    }

    public Path privateKeyFile() {
        return keyFolder().resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKeyFile() {
        return keyFolder().resolve(PUBLIC_KEY_FILE);
    }

    public Path groupFile() {
        return groupFolder().resolve(GROUP_FILE);
    }

    public Path shareFile() {
        return groupFolder().resolve(SHARE_FILE);
    }

    /** The embedded chain store of this beacon ID (SQLite; drand's BoltDB file is drand.db). */
    public Path chainDbFile() {
        return dbFolder().resolve(CHAIN_DB_FILE);
    }

    public boolean hasKeyPair() {
        return Files.exists(privateKeyFile()) || Files.exists(publicKeyFile());
    }

    // ---------------------------------------------------------------- key pair

    /**
     * Writes the key pair; refuses to overwrite an existing one (a node's identity is its key).
     *
     * @throws KeyFileException when either file exists or cannot be written
     */
    public void saveKeyPair(KeyPair pair) throws KeyFileException {
        for (Path p : List.of(privateKeyFile(), publicKeyFile())) {
            if (Files.exists(p)) {
                throw new KeyFileException("key pair: " + p + " already exists (refusing to overwrite; "
                        + "remove it or choose another --folder or --id)");
            }
        }
        String priv = new TomlWriter()
                .string("Key", Hex.encode(pair.secret().toBytes()))
                .string("SchemeName", pair.scheme().id())
                .toString();
        AtomicFiles.writeNew(privateKeyFile(), priv, true);
        AtomicFiles.writeNew(publicKeyFile(), IdentityToml.write(new TomlWriter(), pair.identity()).toString(), false);
    }

    /**
     * Reads the key pair and re-signs the identity (drand re-signs stored keys at start), so a key
     * pair from a v1 node or with a stale signature comes back with a valid self-signature.
     */
    public KeyPair loadKeyPair() throws KeyFileException {
        TomlFields priv = read(privateKeyFile());
        Scheme scheme = priv.scheme("SchemeName");
        Scalar secret = priv.secretScalar("Key", scheme);
        NodeIdentity stored = loadIdentity();
        if (!stored.scheme().equals(scheme)) {
            throw new KeyFileException(publicKeyFile() + ": SchemeName " + stored.scheme().id() + " (expected "
                    + scheme.id() + " as in " + PRIVATE_KEY_FILE + ")");
        }
        try {
            KeyPair.of(bls, secret, stored);
            return KeyPair.fromSecret(bls, scheme, stored.address(), secret);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(publicKeyFile() + ": Key: " + e.getMessage());
        }
    }

    /** Reads the public identity file (drand_id.public). */
    public NodeIdentity loadIdentity() throws KeyFileException {
        TomlFields t = read(publicKeyFile());
        return IdentityToml.read(t, t.scheme("SchemeName"), bls);
    }

    // ---------------------------------------------------------------- group

    /** Writes (atomically replacing) the group file. */
    public void saveGroup(Group group) throws KeyFileException {
        AtomicFiles.writeReplace(groupFile(), GroupToml.format(group), false);
    }

    public boolean hasGroup() {
        return Files.exists(groupFile());
    }

    /** Reads and validates the group file (v1 TLS fields tolerated, empty ID means "default"). */
    public Group loadGroup() throws KeyFileException {
        return parseGroup(groupFile().toString(), AtomicFiles.readText(groupFile()));
    }

    /** Parses a group TOML document with this store's backends; {@code name} labels errors. */
    public Group parseGroup(String name, String text) throws KeyFileException {
        return GroupToml.parse(name, text, bls);
    }

    // ---------------------------------------------------------------- share

    /** Writes (atomically replacing) the share file, mode 0600. */
    public void saveShare(KeyShare share) throws KeyFileException {
        String text = new TomlWriter()
                .integer("Index", share.index())
                .string("Share", Hex.encode(share.share().toBytes()))
                .strings("Commits", share.commits().stream().map(p -> Hex.encode(p.toBytes())).toList())
                .string("SchemeName", share.scheme().id())
                .toString();
        AtomicFiles.writeReplace(shareFile(), text, true);
    }

    public boolean hasShare() {
        return Files.exists(shareFile());
    }

    public KeyShare loadShare() throws KeyFileException {
        TomlFields t = read(shareFile());
        Scheme scheme = t.scheme("SchemeName");
        Scalar share = t.secretScalar("Share", scheme);
        BlsBackend backend = bls.backend(scheme);
        List<Point> commits = t.decodeList("Commits", b -> backend.decode(scheme.keyGroup(), b));
        try {
            return new KeyShare(t.int32("Index"), share, commits, scheme);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(shareFile() + ": " + e.getMessage());
        }
    }

    private static TomlFields read(Path file) throws KeyFileException {
        return TomlFields.parse(file.toString(), AtomicFiles.readText(file));
    }
}
