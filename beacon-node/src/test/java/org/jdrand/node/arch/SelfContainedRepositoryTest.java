package org.jdrand.node.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clone of the repository alone builds, tests and documents itself: no file in it (build, tests,
 * scripts, docs) points at the reference folder that sat beside the project root during
 * development. The vectors live in crypto's test resources, the drand facts in docs/spec/.
 */
class SelfContainedRepositoryTest {
    // Built from parts so that this file does not contain what it looks for.
    private static final String SHARED = "/" + "shared";
    private static final List<String> FORBIDDEN = List.of(".." + SHARED, "/work" + SHARED);
    /** Build output, installed packages and git's own files are not part of the sources. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", ".git", ".demo", ".idea", ".vscode");

    @Test
    void noFileOfTheRepositoryReferencesTheOutsideReferenceFolder() {
        Path root = projectRoot();
        List<Path> scanned = new ArrayList<>();
        List<String> offenders = offenders(root, scanned);

        // the walk really covered the repository, this file and the docs included
        assertThat(scanned).contains(root.resolve("README.md"), root.resolve("pom.xml"),
                root.resolve("crypto/src/test/resources/vectors/drand-known-answers.json"),
                root.resolve("beacon-node/src/test/java/org/jdrand/node/arch/SelfContainedRepositoryTest.java"));
        assertThat(offenders).as("files referring to a folder outside the repository").isEmpty();
    }

    @Test
    void theScanFindsAPlantedReferenceAndSkipsBuildOutput(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README.md"), "fine\nsee " + FORBIDDEN.get(0) + "/spec/\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/x.md"), "also " + FORBIDDEN.get(1) + "/vectors");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/copy.md"), FORBIDDEN.get(0));
        Files.write(dir.resolve("blob.bin"), (FORBIDDEN.get(0) + "\0").getBytes(StandardCharsets.UTF_8));

        List<String> offenders = offenders(dir, new ArrayList<>());

        assertThat(offenders).containsExactlyInAnyOrder("README.md:2", "docs/x.md:1");
    }

    /** "relative/path:line" of every text line holding a forbidden string; visited files go to {@code scanned}. */
    private static List<String> offenders(Path root, List<Path> scanned) {
        List<String> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(root) && SKIPPED_DIRS.contains(d.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isRegularFile() || f.getFileName().toString().equals(".git")) {
                        return FileVisitResult.CONTINUE; // a worktree's .git is a file
                    }
                    byte[] bytes = Files.readAllBytes(f);
                    if (isBinary(bytes)) {
                        return FileVisitResult.CONTINUE;
                    }
                    scanned.add(f);
                    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        for (String bad : FORBIDDEN) {
                            if (lines[i].contains(bad)) {
                                out.add(root.relativize(f).toString().replace('\\', '/') + ":" + (i + 1));
                                break;
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The directory holding {@code .mvn/}, above the module the test runs in. */
    private static Path projectRoot() {
        Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(".mvn"))) {
            p = p.getParent();
        }
        assertThat(p).as("project root (holding .mvn/) above " + System.getProperty("user.dir")).isNotNull();
        return p;
    }
}
