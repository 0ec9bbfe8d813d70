package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One Linux network namespace per node on a bridge of the test's own, so that a partition can be
 * made as a network does: node i is {@code 10.A.B.(10+i)} in namespace {@code jdN-i}, the bridge
 * (in the machine's namespace, where this JVM reads every node's HTTP API) is {@code 10.A.B.1}.
 * A partition is a blackhole route, in each namespace, to every address of the other side: it needs
 * iproute2 alone (the development machine's kernel refuses every traffic-control qdisc, netem
 * included, and has no nftables or iptables installed). Needs root and {@code ip}; {@link #available()} says whether
 * this machine permits it. {@link #close()} deletes the namespaces and the bridge.
 */
final class Netns implements AutoCloseable {
    private final String tag;
    private final String subnet;
    private final int n;
    private final Set<String> blackholes = new LinkedHashSet<>();
    private final List<String> created = new ArrayList<>();
    private boolean bridge;

    /** Whether this machine lets the test make namespaces and a bridge: root, {@code ip}, netns and bridge support. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (user is " + System.getProperty("user.name") + ")";
        }
        String probe = "jdprobe" + ProcessHandle.current().pid() % 100000;
        try {
            if (run(false, "ip", "netns", "add", probe) != 0) {
                return "'ip netns add' failed on this machine";
            }
            run(false, "ip", "netns", "del", probe);
            if (run(false, "ip", "link", "add", "name", probe, "type", "bridge") != 0) {
                return "'ip link add ... type bridge' failed on this machine";
            }
            run(false, "ip", "link", "del", probe);
            return null;
        } catch (IOException e) {
            return "no 'ip' command: " + e.getMessage();
        }
    }

    Netns(int n) throws IOException {
        this.n = n;
        int id = (int) (ProcessHandle.current().pid() % 10000);
        this.tag = "jd" + id + ThreadLocalRandom.current().nextInt(10, 100);
        // a /24 of its own in 10.200-249.x.0: two runs on one machine rarely collide
        this.subnet = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "." + ThreadLocalRandom.current().nextInt(256);
        try {
            ok("ip", "link", "add", "name", tag + "br", "type", "bridge");
            bridge = true;
            ok("ip", "addr", "add", subnet + ".1/24", "dev", tag + "br");
            ok("ip", "link", "set", tag + "br", "up");
            for (int i = 1; i <= n; i++) {
                String ns = namespace(i);
                ok("ip", "netns", "add", ns);
                created.add(ns);
                String veth = tag + "v" + i;
                ok("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
                ok("ip", "link", "set", veth, "master", tag + "br");
                ok("ip", "link", "set", veth, "up");
                ok("ip", "-n", ns, "addr", "add", ip(i) + "/24", "dev", "eth0");
                ok("ip", "-n", ns, "link", "set", "eth0", "up");
                ok("ip", "-n", ns, "link", "set", "lo", "up");
            }
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    String namespace(int i) {
        return tag + "-" + i;
    }

    String ip(int i) {
        return subnet + "." + (10 + i);
    }

    /** Runs a node's commands inside its namespace. */
    List<String> prefix(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Cuts every path between the two sides (node numbers from 1): blackhole routes on both ends. */
    void partition(List<Integer> a, List<Integer> b) throws IOException {
        for (int x : a) {
            for (int y : b) {
                blackhole(x, y);
                blackhole(y, x);
            }
        }
    }

    private void blackhole(int from, int to) throws IOException {
        ok("ip", "-n", namespace(from), "route", "add", "blackhole", ip(to) + "/32");
        blackholes.add(from + ":" + to);
    }

    /** Removes every blackhole route. */
    void heal() throws IOException {
        for (String h : List.copyOf(blackholes)) {
            String[] p = h.split(":");
            ok("ip", "-n", namespace(Integer.parseInt(p[0])), "route", "del", "blackhole",
                    ip(Integer.parseInt(p[1])) + "/32");
            blackholes.remove(h);
        }
    }

    @Override
    public void close() {
        // deleting a namespace removes its veth end and routes; the bridge goes last
        for (String ns : created) {
            quietly("ip", "netns", "del", ns);
        }
        created.clear();
        if (bridge) {
            quietly("ip", "link", "del", tag + "br");
            bridge = false;
        }
    }

    private static void quietly(String... cmd) {
        try {
            run(false, cmd);
        } catch (IOException e) {
            // cleaning up: nothing more to do
        }
    }

    private static void ok(String... cmd) throws IOException {
        assertThat(run(true, cmd)).as(String.join(" ", cmd)).isZero();
    }

    private static int run(boolean showErrors, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no exit after 30 s");
            }
            if (p.exitValue() != 0 && showErrors) {
                System.out.println(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
