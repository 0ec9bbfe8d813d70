package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jdrand start} (the built jar) when one of its four listeners finds its port taken: exit 1
 * and a line that names the flag, whichever library binds it (gRPC for the private and control
 * ports, Netty for the public HTTP API, the JDK's server for metrics), with the other listeners
 * closed again.
 */
@Timeout(120)
class StartListenErrorsIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--private-listen", "--control", "--public-listen", "--metrics"})
    void aTakenPortNamesItsFlag(String flag) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String busy = "127.0.0.1:" + taken.getLocalPort();
            List<String> args = new ArrayList<>(List.of("start", "--folder", dir.toString()));
            args.addAll(List.of("--private-listen", flag.equals("--private-listen") ? busy : "127.0.0.1:0"));
            args.addAll(List.of("--control", flag.equals("--control") ? String.valueOf(taken.getLocalPort()) : "0"));
            if (flag.equals("--public-listen") || flag.equals("--metrics")) {
                args.addAll(List.of(flag, busy));
            }
            String expected = "start: " + flag + " " + (flag.equals("--control") ? taken.getLocalPort() : busy)
                    + ": cannot listen: ";

            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("jdrand.jar")));
            cmd.addAll(args);
            Path err = dir.resolve("err.txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("jdrand start exits").isTrue();
            List<String> lines = Files.readAllLines(err).stream().filter(l -> !l.contains("incubator")).toList();
            assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
            assertThat(lines).as("stderr").anySatisfy(l -> assertThat(l).startsWith(expected))
                    .noneSatisfy(l -> assertThat(l).startsWith("\tat "));
        }
    }
}
