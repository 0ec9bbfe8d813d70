package org.jdrand.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Round latency as a user sees it: for every node, a request for the next round
 * ({@code GET /public/<latest + 1>}) held open by the node until the round is stored; the time
 * from the round's scheduled time (genesis + (round - 1) * period, system clock) to the whole
 * response having arrived is one sample. Runs in its own process, over plain sockets (no HTTP
 * client library between the socket and the clock). A response that was not held (asked after
 * its round was due: the watcher fell behind, or the node answered 503) is not a sample.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.HeldRoundWatch
 * <rounds> <skip> http://host:port [http://host:port ...]}: waits for the first round after
 * {@code skip} rounds of the running chain, then counts {@code rounds} rounds. Prints p50, p90,
 * p99 and max over all (node, round) samples, over the first node per round, and per node. Exits
 * 0 when every node delivered every round (however late), 1 otherwise: timings are not asserted.
 */
public final class HeldRoundWatch {
    private static final Pattern ROUND = Pattern.compile("\"round\"\\s*:\\s*(\\d+)");
    private static final Pattern PERIOD = Pattern.compile("\"period\"\\s*:\\s*(\\d+)");
    private static final Pattern GENESIS = Pattern.compile("\"genesis_time\"\\s*:\\s*(\\d+)");

    private HeldRoundWatch() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HeldRoundWatch <rounds> <skip> http://host:port [http://host:port ...]");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        int skip = Integer.parseInt(args[1]);
        List<URI> nodes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            nodes.add(URI.create(args[i]));
        }
        String info;
        long latest;
        try (Conn c = new Conn(nodes.get(0))) {
            info = c.get("/info").body();
            latest = round(c.get("/public/latest").body());
        }
        long period = Long.parseLong(find(PERIOD, info, "period"));
        long genesis = Long.parseLong(find(GENESIS, info, "genesis_time"));
        long first = latest + 1 + skip;
        long last = first + rounds - 1;
        System.out.printf(Locale.ROOT, "watching rounds %d..%d (%d rounds, period %d s) on %d nodes; load average %s%n",
                first, last, rounds, period, nodes.size(), loadAverage());
        // round -> node -> latency in microseconds
        Map<Long, Map<Integer, Long>> samples = new ConcurrentHashMap<>();
        Map<Integer, Integer> notHeld = new ConcurrentHashMap<>();
        // per node: the round its watcher is asking for, and how often the connection failed
        Map<Integer, Long> asking = new ConcurrentHashMap<>();
        Map<Integer, Integer> reconnects = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(nodes.size());
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            URI uri = nodes.get(i);
            Thread t = new Thread(() -> {
                try {
                    watch(uri, node, first, last, genesis, period, samples, notHeld, asking, reconnects);
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("node " + (node + 1) + " (" + uri + "): " + e);
                } finally {
                    done.countDown();
                }
            }, "watch-" + i);
            t.setDaemon(true);
            t.start();
        }
        long waitSeconds = (last - latest + 2) * period + 60;
        boolean finished = done.await(waitSeconds, TimeUnit.SECONDS);
        List<Long> all = new ArrayList<>();
        List<Long> firstNode = new ArrayList<>();
        List<List<Long>> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            perNode.add(new ArrayList<>());
        }
        for (Map.Entry<Long, Map<Integer, Long>> e : new TreeMap<>(samples).entrySet()) {
            long min = Long.MAX_VALUE;
            for (Map.Entry<Integer, Long> s : e.getValue().entrySet()) {
                all.add(s.getValue());
                perNode.get(s.getKey()).add(s.getValue());
                min = Math.min(min, s.getValue());
            }
            firstNode.add(min);
        }
        System.out.printf(Locale.ROOT, "finished=%s rounds seen=%d of %d, responses not held (not samples)=%d; load average %s%n",
                finished, samples.size(), rounds, notHeld.values().stream().mapToInt(Integer::intValue).sum(),
                loadAverage());
        System.out.println(line("all (node, round) samples", all));
        System.out.println(line("first node per round", firstNode));
        for (int i = 0; i < nodes.size(); i++) {
            // a silent node (no answer, no error) shows here rather than as a missing line
            long at = asking.getOrDefault(i, -1L);
            int failures = reconnects.getOrDefault(i, 0);
            String state = (at > last ? "" : at < 0 ? "  never connected"
                    : at == 0 ? "  unfinished, no answer to /public/latest" : "  unfinished, asking for round " + at)
                    + (failures == 0 ? "" : "  connection failures=" + failures);
            System.out.println(line("node " + (i + 1) + " " + nodes.get(i).getAuthority(), perNode.get(i)) + state);
        }
        // the exit code says whether every node delivered every round, not how fast (CI smoke-runs this)
        System.exit(finished && failed.get() == 0 ? 0 : 1);
    }

    private static void watch(URI uri, int node, long first, long last, long genesis, long period,
            Map<Long, Map<Integer, Long>> samples, Map<Integer, Integer> notHeld, Map<Integer, Long> asking,
            Map<Integer, Integer> reconnects) throws IOException {
        Conn c = new Conn(uri);
        long r = 0; // not even its latest round yet
        try {
            r = round(c.get("/public/latest").body()) + 1; // a node answers only up to its latest + 1
            while (r <= last) {
                asking.put(node, r);
                long due = (genesis + (r - 1) * period) * 1_000_000L;
                long asked = micros();
                Response resp;
                try {
                    resp = c.get("/public/" + r);
                } catch (IOException e) {
                    c.close(); // the node closed an idle or timed-out connection: reconnect and ask again
                    reconnects.merge(node, 1, Integer::sum);
                    c = new Conn(uri);
                    continue;
                }
                long arrived = micros();
                if (resp.status() == 503) {
                    notHeld.merge(node, 1, Integer::sum);
                    continue; // not produced within the hold: ask again (the next answer is not held)
                }
                if (resp.status() == 404) { // this node is behind by more than a round: follow its latest
                    r = round(c.get("/public/latest").body()) + 1;
                    continue;
                }
                if (resp.status() != 200 || round(resp.body()) != r) {
                    throw new IOException("round " + r + ": status " + resp.status() + " body " + resp.body());
                }
                if (r >= first && asked < due) {
                    samples.computeIfAbsent(r, k -> new ConcurrentHashMap<>()).put(node, arrived - due);
                } else if (r >= first) {
                    notHeld.merge(node, 1, Integer::sum);
                }
                r++;
            }
        } finally {
            asking.put(node, r);
            c.close();
        }
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static String line(String what, List<Long> micros) {
        if (micros.isEmpty()) {
            return String.format(Locale.ROOT, "%-34s no samples", what);
        }
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%-34s n=%4d  p50=%6.1f ms  p90=%6.1f ms  p99=%6.1f ms  max=%6.1f ms  min=%6.1f ms",
                what, s.size(), pct(s, 50), pct(s, 90), pct(s, 99), s.get(s.size() - 1) / 1000.0, s.get(0) / 1000.0);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")),
                    StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long round(String body) throws IOException {
        return Long.parseLong(find(ROUND, body, "round"));
    }

    private static String find(Pattern p, String body, String what) throws IOException {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IOException(what + ": not in " + body);
        }
        return m.group(1);
    }

    record Response(int status, String body) {}

    /** One keep-alive HTTP/1.1 connection; responses carry Content-Length (the node never chunks these). */
    static final class Conn implements AutoCloseable {
        private final URI uri;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(URI uri) throws IOException {
            this.uri = uri;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(60_000);
            this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        Response get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readLine();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(h.substring(colon + 1).trim());
                }
            }
            if (length < 0) {
                throw new IOException(path + ": no content-length");
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException(path + ": connection closed in the body");
            }
            return new Response(code, new String(body, StandardCharsets.UTF_8));
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
