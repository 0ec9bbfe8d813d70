package org.jdrand.node.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
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
 * file, never half of one. Errors say which file and field failed and never quote a secret.
 */
public final class KeyStore {
    public static final String DEFAULT_BEACON_ID = "default";
    public static final String PRIVATE_KEY_FILE = "drand_id.private";
    public static final String PUBLIC_KEY_FILE = "drand_id.public";
    public static final String GROUP_FILE = "drand_group.toml";
    public static final String SHARE_FILE = "dist_key.private";
    public static final String CHAIN_DB_FILE = "jdrand.sqlite";

    private static final Pattern BEACON_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String FOLDER_MODE = "rwx------";
    private static final String SECRET_MODE = "rw-------";
    private static final String PUBLIC_MODE = "rw-r--r--";

    private final Path base;
    private final String beaconId;
    private final Bls bls;
    private final TomlMapper toml = new TomlMapper();

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
        writeNew(privateKeyFile(), priv, true);
        writeNew(publicKeyFile(), identityToml(pair.identity()), false);
    }

    /**
     * Reads the key pair and re-signs the identity (drand re-signs stored keys at start), so a key
     * pair from a v1 node or with a stale signature comes back with a valid self-signature.
     */
    public KeyPair loadKeyPair() throws KeyFileException {
        TomlFields priv = read(privateKeyFile());
        Scheme scheme = scheme(priv, "SchemeName");
        byte[] raw = priv.secretHex("Key");
        Scalar secret;
        try {
            secret = Scalar.fromBytes(raw, scheme.groupOrder());
        } catch (IllegalArgumentException e) {
            throw priv.error("Key", "not a valid scalar (" + raw.length + " bytes; expected 32 bytes below the group order)");
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
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
        return identity(t, scheme(t, "SchemeName"));
    }

    // ---------------------------------------------------------------- group

    /** Writes (atomically replacing) the group file. */
    public void saveGroup(Group group) throws KeyFileException {
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
            NodeIdentity id = m.identity();
            w.arrayTable("Nodes")
                    .string("Address", id.address())
                    .string("Key", Hex.encode(id.key().toBytes()))
                    .string("Signature", Hex.encode(id.signature()))
                    .string("SchemeName", id.scheme().id())
                    .integer("Index", m.index());
        }
        w.table("PublicKey").strings("Coefficients", group.publicCoefficients().stream()
                .map(p -> Hex.encode(p.toBytes())).toList());
        writeReplace(groupFile(), w.toString(), false);
    }

    public boolean hasGroup() {
        return Files.exists(groupFile());
    }

    /** Reads and validates the group file (v1 TLS fields tolerated, empty ID means "default"). */
    public Group loadGroup() throws KeyFileException {
        return parseGroup(groupFile().toString(), readText(groupFile()));
    }

    /** Parses a group TOML document; {@code name} labels errors. */
    public Group parseGroup(String name, String text) throws KeyFileException {
        TomlFields t = parse(name, text);
        Scheme scheme = scheme(t, "SchemeID");
        BlsBackend backend = bls.backend(scheme);
        List<Group.Member> members = new ArrayList<>();
        for (TomlFields n : t.tables("Nodes")) {
            Scheme nodeScheme = n.has("SchemeName") ? scheme(n, "SchemeName") : scheme;
            members.add(new Group.Member(n.int32("Index"), identity(n, nodeScheme)));
        }
        List<Point> coefficients = t.table("PublicKey")
                .decodeList("Coefficients", b -> backend.decode(scheme.keyGroup(), b));
        Duration period = duration(t, "Period", true);
        Duration catchup = duration(t, "CatchupPeriod", false);
        byte[] seed = t.has("GenesisSeed") ? t.hex("GenesisSeed") : null;
        try {
            return new Group(members, t.int32("Threshold"), period, catchup, t.integer("GenesisTime"),
                    t.optionalInteger("TransitionTime", 0), seed, scheme, t.optionalString("ID", ""), coefficients);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(name + ": " + e.getMessage());
        }
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
        writeReplace(shareFile(), text, true);
    }

    public boolean hasShare() {
        return Files.exists(shareFile());
    }

    public KeyShare loadShare() throws KeyFileException {
        TomlFields t = read(shareFile());
        Scheme scheme = scheme(t, "SchemeName");
        byte[] raw = t.secretHex("Share");
        Scalar share;
        try {
            share = Scalar.fromBytes(raw, scheme.groupOrder());
        } catch (IllegalArgumentException e) {
            throw t.error("Share", "not a valid scalar (" + raw.length + " bytes; expected 32 bytes below the group order)");
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        BlsBackend backend = bls.backend(scheme);
        List<Point> commits = t.decodeList("Commits", b -> backend.decode(scheme.keyGroup(), b));
        try {
            return new KeyShare(t.int32("Index"), share, commits, scheme);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(shareFile() + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- TOML helpers

    private String identityToml(NodeIdentity id) {
        return new TomlWriter()
                .string("Address", id.address())
                .string("Key", Hex.encode(id.key().toBytes()))
                .string("Signature", Hex.encode(id.signature()))
                .string("SchemeName", id.scheme().id())
                .toString();
    }

    private NodeIdentity identity(TomlFields t, Scheme scheme) throws KeyFileException {
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

    private static Scheme scheme(TomlFields t, String field) throws KeyFileException {
        String id = t.optionalString(field, "");
        try {
            return Scheme.byId(id);
        } catch (IllegalArgumentException e) {
            throw t.error(field, e.getMessage());
        }
    }

    private static Duration duration(TomlFields t, String field, boolean required) throws KeyFileException {
        if (!required && !t.has(field)) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(t.string(field));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw t.error(field, e.getMessage());
        }
    }

    private TomlFields read(Path file) throws KeyFileException {
        return parse(file.toString(), readText(file));
    }

    private TomlFields parse(String name, String text) throws KeyFileException {
        if (text.isBlank()) {
            throw new KeyFileException(name + ": empty file (expected drand's TOML format)");
        }
        JsonNode root;
        try {
            root = toml.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the offending line, which could hold a secret: keep the location only
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new KeyFileException(name + ": malformed TOML" + where + " (expected drand's TOML format)");
        }
        if (root == null || !root.isObject()) {
            throw new KeyFileException(name + ": empty or not a TOML table (expected drand's TOML format)");
        }
        return new TomlFields(name, "", root);
    }

    private static String readText(Path file) throws KeyFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file + ": not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            // the JDK's own message ("Input length = 1") says nothing to an operator
            throw new KeyFileException(file + ": malformed TOML: not UTF-8 text (expected drand's TOML format)", e);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static void writeNew(Path file, String text, boolean secret) throws KeyFileException {
        ensureFolder(file.getParent());
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                mode(secret ? SECRET_MODE : PUBLIC_MODE))) {
            writeAll(ch, text);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file + ": already exists (refusing to overwrite)");
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot write: " + e.getMessage(), e);
        }
        setMode(file, secret ? SECRET_MODE : PUBLIC_MODE);
        syncFolder(file.getParent());
    }

    private static void writeReplace(Path file, String text, boolean secret) throws KeyFileException {
        ensureFolder(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    mode(secret ? SECRET_MODE : PUBLIC_MODE))) {
                writeAll(ch, text);
            }
            setMode(tmp, secret ? SECRET_MODE : PUBLIC_MODE);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new KeyFileException(file + ": cannot write: " + e.getMessage(), e);
        }
        syncFolder(file.getParent());
    }

    private static void writeAll(FileChannel ch, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        ch.force(true);
    }

    private static void ensureFolder(Path folder) throws KeyFileException {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, mode(FOLDER_MODE));
                setMode(folder, FOLDER_MODE);
            }
        } catch (IOException e) {
            throw new KeyFileException(folder + ": cannot create folder: " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?>[] mode(String perms) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))}
                : new FileAttribute<?>[0];
    }

    /** Creation modes are masked by the umask: set the exact mode afterwards. */
    private static void setMode(Path p, String perms) throws KeyFileException {
        if (!POSIX) {
            return;
        }
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (IOException e) {
            throw new KeyFileException(p + ": cannot set mode " + perms + ": " + e.getMessage(), e);
        }
    }

    /** fsync the folder so the new directory entry survives a crash. */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not supported on every platform; the file itself is already synced
        }
    }
}
