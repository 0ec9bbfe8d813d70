package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdrand.crypto.Hex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's files and ports under scrutiny, on one real group of 3 (daemons logging at debug).
 * Security: key and share files 0600 in 0700 folders; the private key and the share appear in no
 * log line and in no command output; the control port (which also carries the DKG control
 * service) answers on loopback only. Then damage: a node's own files damaged while it was stopped (truncated by a crash or a full disk, or
 * overwritten with garbage): {@code jdrand start} refuses with a message that names the file and
 * the problem, and writes nothing into the folder. With the files restored, the same node starts,
 * catches up, and its chain matches the others'.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFilesIT {
    /** One damage: the file (found by name under the node's folder), how it is damaged, what the refusal says. */
    record Damage(String file, String how, UnaryOperator<byte[]> damage, String problem) {
        @Override
        public String toString() {
            return file + " " + how;
        }
    }

    private static final List<Damage> DAMAGES = List.of(
            new Damage("drand_id.private", "truncated", NodeFilesIT::half, "malformed"),
            new Damage("drand_id.private", "garbage", b -> garbage(), "not utf-8"),
            new Damage("drand_id.public", "truncated", NodeFilesIT::half, "malformed"),
            new Damage("dist_key.private", "truncated", NodeFilesIT::half, "malformed"),
            new Damage("dist_key.private", "empty", b -> new byte[0], "empty"),
            new Damage("drand_group.toml", "truncated", NodeFilesIT::half, "malformed"),
            new Damage("dkg.json", "truncated", NodeFilesIT::half, "unreadable dkg state"),
            new Damage("jdrand.sqlite", "truncated", NodeFilesIT::half, "malformed"),
            new Damage("jdrand.sqlite", "garbage", b -> garbage(), "not a database"),
            new Damage("jdrand.sqlite", "empty", b -> new byte[0], "chain store"));

    @TempDir
    static Path dir;
    private Cluster c;

    @BeforeAll
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void group() throws Exception {
        // debug everywhere: --verbose (root logger) and the DKG's own logger, INFO otherwise
        c = new Cluster(dir, 3, List.of("-Djdrand.dkg.log=DEBUG"), List.of("--verbose"));
        c.setUp(2, 2, 20);
        c.awaitHead(c.nodes, 3);
    }

    @AfterAll
    void noProcessLeft() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void keyFilesArePrivateAndSecretsAppearNowhere() throws Exception {
        for (NodeProcess n : c.nodes) {
            for (String name : List.of("drand_id.private", "dist_key.private")) {
                Path f = find(n.folder, name);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())))
                        .as(f.getParent().toString()).isEqualTo("rwx------");
            }
        }
        List<String> secrets = new ArrayList<>();
        for (NodeProcess n : c.nodes) {
            secrets.add(secretHex(find(n.folder, "drand_id.private"), "Key"));
            secrets.add(secretHex(find(n.folder, "dist_key.private"), "Share"));
        }
        assertThat(secrets).allSatisfy(h -> assertThat(h).hasSize(64));
        StringBuilder seen = new StringBuilder();
        for (NodeProcess n : c.nodes) {
            seen.append(n.allLogs());
        }
        assertThat(seen.toString()).as("daemon logs").contains("DEBUG");
        Jar.OUTPUTS.forEach(seen::append);
        String text = seen.toString().toLowerCase(java.util.Locale.ROOT);
        for (String h : secrets) {
            // the whole secret, and its first half (a shortened or split print)
            assertThat(text).as("a secret in logs or command output").doesNotContain(h).doesNotContain(h.substring(0, 32));
        }
    }

    @Test
    @Order(2)
    void controlPortAnswersOnLoopbackOnly() throws Exception {
        List<InetAddress> external = new ArrayList<>();
        for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                ni.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(external::add);
            }
        }
        Assumptions.assumeFalse(external.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        for (NodeProcess n : c.nodes) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), n.controlPort), 2000);
            }
            for (InetAddress a : external) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, n.controlPort), 2000);
                    }
                }).as(n.name + " control port on " + a).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void startRefusesDamagedFilesNamingThemAndOverwritesNothing() throws Exception {
        NodeProcess n1 = c.nodes.get(0);
        List<NodeProcess> others = c.nodes.subList(1, 3);
        n1.terminate();
        List<String> refusals = new ArrayList<>();
        // every damage is tried, then all defects reported together
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Damage d : DAMAGES) {
            Path file = find(n1.folder, d.file());
            byte[] original = Files.readAllBytes(file);
            Files.write(file, d.damage().apply(original));
            Map<String, String> before = snapshot(n1.folder);
            n1.launch();
            Integer code = n1.awaitExit(Duration.ofSeconds(90));
            if (code == null) {
                n1.kill9();
            }
            String log = n1.logText();
            soft.assertThat(code).as(d + ": start must refuse; its output:\n" + log).isNotNull().isNotZero();
            soft.assertThat(log).as(d + ": the refusal names the file").contains(d.file());
            soft.assertThat(log.toLowerCase(java.util.Locale.ROOT)).as(d + ": the refusal says the problem")
                    .contains(d.problem());
            soft.assertThat(snapshot(n1.folder)).as(d + ": nothing in the folder written").isEqualTo(before);
            if (code != null && code != 0) {
                refusals.add(d + " -> " + log.lines().filter(l -> l.contains(d.file())).findFirst().orElse(""));
            }
            Files.write(file, original);
        }
        soft.assertAll();
        refusals.forEach(r -> System.out.println("refused: " + r));

        // restored: the same node starts again, catches up, and holds the group's chain
        n1.start();
        c.awaitCaughtUp(n1, others);
        c.assertAllAlive(c.nodes);
        Cluster.Verdict v = c.checkChains(c.nodes);
        System.out.printf("RELIABILITY corrupt-files cases=%d refused=%d head=%d lost=%d forks=%d crashes=0%n",
                DAMAGES.size(), refusals.size(), v.head(), v.roundsLost(), v.forks());
    }

    /** The hex of a secret field ({@code Key = "..."}) of a key or share file. */
    private static String secretHex(Path file, String field) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.trim().startsWith(field + " ")).findFirst()
                .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')).toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new AssertionError(file + ": no " + field));
    }

    private static byte[] half(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length / 2);
    }

    private static byte[] garbage() {
        return "\u0000\u00ff not what this file holds \u0001\u0002\n".repeat(40).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Path find(Path folder, String name) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertThat(found).as(name + " under " + folder).hasSize(1);
            return found.get(0);
        }
    }

    /**
     * Every file under the folder and the SHA-256 of its bytes, except the daemon's lock file: each
     * start writes its own pid there, and it holds no node data.
     */
    private static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".jdrand.lock"))
                    .toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                m.put(folder.relativize(p).toString(), Hex.encode(md.digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }
}
