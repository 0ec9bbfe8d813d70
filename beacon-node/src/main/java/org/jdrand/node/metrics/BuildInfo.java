package org.jdrand.node.metrics;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The labels and value of drand_build_time: the advertised drand version, the jar's
 * Implementation-Version (or "dev"), and the jar's modification time as the build time (0 when
 * it cannot be read).
 */
public record BuildInfo(String version, String build, long buildEpochSec) {

    /** @param version the advertised drand version, major.minor.patch */
    public static BuildInfo of(String version) {
        String impl = BuildInfo.class.getPackage().getImplementationVersion();
        long built = 0;
        try {
            Path code = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            built = Files.getLastModifiedTime(code).toMillis() / 1000;
        } catch (Exception e) {
            // unknown build time: 0
        }
        return new BuildInfo(version, impl == null ? "dev" : impl, built);
    }
}
