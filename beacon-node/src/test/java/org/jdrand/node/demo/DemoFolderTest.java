package org.jdrand.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFolderTest {
    @TempDir
    Path dir;

    private final StringWriter errors = new StringWriter();

    @Test
    void anEmptyFolderHasNoSavedNetwork() {
        assertThat(DemoFolder.unusable(dir, s -> false)).contains("no saved network");
    }

    @Test
    void aNetworkThatNeverFinishedItsDkgIsNotResumed() throws Exception {
        new DemoState("pedersen-bls-chained", 3, 2, 3, DemoFolder.freePorts(3, false, false), false).save(dir);
        assertThat(DemoFolder.unusable(dir, s -> false)).contains("the saved network never finished its DKG");
    }

    @Test
    void otherOptionsThanTheSavedOnesStartAFreshNetwork() throws Exception {
        new DemoState("pedersen-bls-chained", 3, 2, 3, DemoFolder.freePorts(3, false, false), true).save(dir);
        assertThat(DemoFolder.unusable(dir, s -> s.nodes() != 4)).contains("the options differ from the saved network's");
        assertThat(DemoFolder.unusable(dir, s -> false)).contains("node 1 lost its key, group or share files");
    }

    @Test
    void wipeDeletesDemoStateAndKeepsTheLock() throws Exception {
        Files.createDirectories(dir.resolve("node-1/multibeacon"));
        Files.writeString(dir.resolve("node-1/multibeacon/x"), "x");
        Files.writeString(dir.resolve(DemoState.FILE), "");
        Files.writeString(dir.resolve("demo.lock"), "");
        assertThat(DemoFolder.wipe(dir, new PrintWriter(errors))).isTrue();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("demo.lock");
        }
    }

    @Test
    void wipeRefusesAFolderHoldingAnythingElse() throws Exception {
        Files.writeString(dir.resolve(DemoState.FILE), "");
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        assertThat(DemoFolder.wipe(dir, new PrintWriter(errors, true))).isFalse();
        assertThat(errors.toString()).contains("holds thesis.tex, which is not demo state: refusing to wipe it");
        assertThat(dir.resolve("thesis.tex")).exists();
    }

    @Test
    void freePortsAreDistinctAndOnlyThoseAskedFor() throws Exception {
        List<DemoState.NodePorts> ports = DemoFolder.freePorts(3, true, false);
        assertThat(ports).extracting(DemoState.NodePorts::index).containsExactly(1, 2, 3);
        assertThat(ports).allSatisfy(p -> assertThat(p.metricsPort()).isZero());
        assertThat(ports.stream().flatMap(p -> Stream.of(p.privatePort(), p.controlPort(), p.publicPort())).distinct())
                .hasSize(9);
    }
}
