package org.jdrand.crypto.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node.js programs in tests (the interop checks against drand-client, tlock-js and noble): a
 * module's committed {@code src/test/js} (package.json and package-lock.json with pinned versions,
 * the scripts) is copied to {@code target/<folder>} and installed with {@code npm ci}, once per lock
 * file; programs run there with a bounded time. The one copy of this every module's tests share
 * through crypto's test-jar.
 */
public final class NodeJs {
    private NodeJs() {}

    /** A finished program: its exit code (-1 when it timed out) and its output (stdout + stderr). */
    public record Result(int exit, String output) {}

    /** The folder of {@code module}: the working directory when Maven runs the module, else a child of it. */
    public static Path moduleDir(String module) {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(p.resolve("src/test/js")) ? p : p.resolve(module);
    }

    /**
     * Copies {@code files} of the module's src/test/js into target/{@code folder} and runs
     * {@code npm ci} there, unless the same lock file was installed already (repeated builds reuse
     * node_modules).
     *
     * @throws IllegalStateException with npm's output when the install fails
     */
    public static Path install(String module, String folder, String... files) throws IOException, InterruptedException {
        Path src = moduleDir(module).resolve("src/test/js");
        Path dir = moduleDir(module).resolve("target").resolve(folder);
        Files.createDirectories(dir);
        for (String f : files) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(src.resolve("package.json"), dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(src.resolve("package-lock.json"), dir.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
        String lockHash = sha256(Files.readAllBytes(src.resolve("package-lock.json")));
        Path stamp = dir.resolve("node_modules/.jdrand-lock-sha256");
        if (Files.exists(stamp) && Files.readString(stamp).equals(lockHash)) {
            return dir;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, 240);
        if (r.exit() != 0) {
            throw new IllegalStateException("npm ci in " + dir + ": exit " + r.exit() + " (expected 0)\n" + r.output());
        }
        Files.writeString(stamp, lockHash);
        return dir;
    }

    /** Runs {@code cmd} in {@code dir}; a program still running after {@code timeoutSeconds} is killed. */
    public static Result run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
