package org.jdrand.systest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a node's folder (root only), so that its disk can be filled:
 * {@link #fill()} writes a filler file until the file system refuses with "no space left on
 * device", {@link #free()} deletes it. {@link #close()} unmounts.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax, "8m") on {@code folder}; null with the reason in {@code why} when this machine does not allow it. */
    static Tmpfs mount(Path folder, String size, StringBuilder why) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            why.append("mounting a tmpfs needs root (user is ").append(System.getProperty("user.name")).append(')');
            return null;
        }
        Files.createDirectories(folder);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", folder.toString());
        if (out != null) {
            why.append("mount -t tmpfs failed: ").append(out);
            return null;
        }
        Tmpfs t = new Tmpfs(folder);
        t.mounted = true;
        return t;
    }

    /** Writes the filler until the file system is full; returns the bytes written. */
    long fill() throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("no space left")) {
                throw e;
            }
        }
        return written;
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            String out = run("umount", mountPoint.toString());
            if (out != null) {
                run("umount", "-l", mountPoint.toString());
            }
            mounted = false;
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no exit after 30 s";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
