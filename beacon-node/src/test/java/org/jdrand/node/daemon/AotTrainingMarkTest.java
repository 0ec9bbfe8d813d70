package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training marker appears with the configured number of produced beacons, not before, and once. */
class AotTrainingMarkTest {
    @TempDir
    Path dir;

    @Test
    void theMarkerAppearsWithTheLastBeaconNeeded() throws Exception {
        Path marker = dir.resolve("run.trained");
        AotTrainingMark mark = new AotTrainingMark(marker, 3, Runnable::run); // written on the caller's thread here
        mark.beaconProduced("default", 10, 5);
        mark.beaconProduced("default", 11, 5);
        mark.partialRejected("default", "invalid_signature"); // other events count for nothing
        assertThat(marker).doesNotExist();
        mark.beaconProduced("default", 12, 5);
        assertThat(Files.readString(marker)).isEqualTo("trained: beacons produced up to round 12\n");

        Files.delete(marker);
        mark.beaconProduced("default", 13, 5);
        assertThat(marker).as("written once").doesNotExist();
    }

    @Test
    void zeroBeaconsMarksAtOnceAndAnUnwritableMarkerIsNoError() {
        Path marker = dir.resolve("now.trained");
        new AotTrainingMark(marker, 0, Runnable::run);
        assertThat(marker).exists();
        new AotTrainingMark(dir.resolve("missing-folder").resolve("x.trained"), 0, Runnable::run); // logged, nothing thrown
        assertThat(dir.resolve("missing-folder")).doesNotExist();
    }
}
