package org.jdrand.node.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per folder: {@code jdrand start} holds an exclusive lock on {@code <folder>/.jdrand.lock}
 * for its whole life (drand's bolt store locks its database the same way), so a second daemon on
 * the same keys and chain store, say a manual start beside the systemd unit, refuses to start
 * instead of signing twice and writing the same store. The operating system releases the lock when
 * the process ends, however it ends; the file, with the holder's pid, stays.
 */
public final class FolderLock implements AutoCloseable {
    static final String FILE = ".jdrand.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock (creating the folder if needed) or says which process holds it. */
    public static FolderLock acquire(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("--folder " + folder + ": cannot create " + file + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
            throw new IOException("--folder " + folder + ": another jdrand daemon is using it"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first (expected one daemon per folder)");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        return new FolderLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
