package org.jdrand.node.key;

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
import java.util.Set;
import java.util.UUID;

/**
 * Reading and writing the key store's text files. Writes go through a temporary file, fsync and
 * an atomic rename, so a crash leaves the old or the new file, never half of one; secrets are
 * created 0600 (never readable by others, not even for an instant), folders 0700.
 */
final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String FOLDER_MODE = "rwx------";
    private static final String SECRET_MODE = "rw-------";
    private static final String PUBLIC_MODE = "rw-r--r--";

    private AtomicFiles() {}

    static String readText(Path file) throws KeyFileException {
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

    /** Creates {@code file}; fails if it exists. */
    static void writeNew(Path file, String text, boolean secret) throws KeyFileException {
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

    /** Writes {@code file}, atomically replacing it if it exists. */
    static void writeReplace(Path file, String text, boolean secret) throws KeyFileException {
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
