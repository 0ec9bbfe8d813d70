package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;

/**
 * A group of real {@code jdrand start} processes on loopback, set up as operators do (key pairs,
 * daemons, {@code dkg generate-proposal / init / join / execute} through the CLI and control
 * ports), and judged only through each node's public HTTP API and the verifier.
 * {@link #close()} stops every process and checks that none is left.
 */
final class Cluster implements AutoCloseable {
    /** Chain parameters as served by {@code GET /info}. */
    record Info(byte[] publicKey, int period, long genesisTime, String hash, Scheme scheme) {
        /** The round the clock says is current ({@code 0} before genesis). */
        long expectedRound(Instant now) {
            long s = now.getEpochSecond();
            return s < genesisTime ? 0 : (s - genesisTime) / period + 1;
        }
    }

    /** What a chain check found, for docs/RELIABILITY.md's columns. */
    record Verdict(long head, long roundsLost, long forks, long invalid) {
    }

    static final Duration LONG = Duration.ofSeconds(180);

    final Path base;
    final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> dialFlags;
    private final ExecutorService pool = Executors.newFixedThreadPool(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Info info;
    private BeaconVerifier verifier;

    Cluster(Path base, int n) throws IOException {
        this(base, n, List.of(), List.of());
    }

    /**
     * @param jvmFlags added to every daemon's JVM options
     * @param startFlags added to every node's {@code start} command line
     */
    Cluster(Path base, int n, List<String> jvmFlags, List<String> startFlags) throws IOException {
        this(base, n, jvmFlags, startFlags, null);
    }

    /** Node i in namespace i of {@code netns} (null: all on the machine's loopback). */
    Cluster(Path base, int n, List<String> jvmFlags, List<String> startFlags, Netns netns) throws IOException {
        this(base, n, jvmFlags, List.of("--insecure"), startFlags, netns);
    }

    /**
     * @param dialFlags how the daemons and the operator's commands dial peers ({@code --insecure},
     *                  or {@code --tls-ca FILE}); the daemons also get {@code startFlags}
     */
    Cluster(Path base, int n, List<String> jvmFlags, List<String> dialFlags, List<String> startFlags, Netns netns)
            throws IOException {
        this.base = base;
        this.dialFlags = List.copyOf(dialFlags);
        List<String> flags = new ArrayList<>(dialFlags);
        flags.addAll(startFlags);
        for (int i = 1; i <= n; i++) {
            nodes.add(netns == null ? new NodeProcess("n" + i, base, jvmFlags, flags)
                    : new NodeProcess("n" + i, base, jvmFlags, flags, netns.ip(i), netns.prefix(i)));
        }
    }

    /** Key pairs, daemons, then the DKG led by the first node; returns once genesis has passed. */
    Info setUp(int threshold, int periodSeconds, int genesisDelaySeconds) throws Exception {
        parallel(nodes, NodeProcess::generateKeypair);
        parallel(nodes, NodeProcess::start);
        NodeProcess leader = nodes.get(0);
        Path proposal = base.resolve("proposal.toml");
        List<String> gp = new ArrayList<>(List.of("dkg", "generate-proposal", "--out", proposal.toString()));
        gp.addAll(dialFlags);
        nodes.forEach(n -> gp.addAll(List.of("--joiner", n.address())));
        Jar.ok(Jar.cli(gp.toArray(String[]::new)), "generate-proposal");
        Jar.ok(leader.dkg("init", "--proposal", proposal.toString(), "--threshold", Integer.toString(threshold),
                "--period", periodSeconds + "s", "--scheme", "pedersen-bls-chained", "--genesis-delay",
                genesisDelaySeconds + "s"), "dkg init");
        parallel(nodes.subList(1, nodes.size()), n -> Jar.ok(n.dkg("join"), n.name + " dkg join"));
        Jar.Result exec = leader.dkg("execute", "--wait", "--wait-timeout", "150s");
        Jar.ok(exec, "dkg execute");
        assertThat(exec.out()).contains("group of " + nodes.size() + " nodes, threshold " + threshold);
        return awaitChain();
    }

    /** After a DKG run by the caller: waits for the first node's chain info and for round 1 on every node. */
    Info awaitChain() {
        NodeProcess leader = nodes.get(0);
        Awaitility.await("chain info served").atMost(LONG).pollInterval(Duration.ofMillis(500))
                .until(() -> fetchInfo(leader).isPresent());
        info = fetchInfo(leader).orElseThrow();
        verifier = new BeaconVerifier(BlsBackends.bouncyCastle(), info.scheme(), info.publicKey());
        awaitHead(nodes, 1);
        return info;
    }

    Info info() {
        return info;
    }

    // ------------------------------------------------------------------ public HTTP API

    Optional<Info> fetchInfo(NodeProcess n) {
        return get(n, "/info").map(j -> new Info(Hex.decode(j.path("public_key").asText()), j.path("period").asInt(),
                j.path("genesis_time").asLong(), j.path("hash").asText(), Scheme.byId(j.path("schemeID").asText())));
    }

    /** Round {@code round} (0 = latest) as the node serves it, empty when it has none or does not answer. */
    Optional<Beacon> beacon(NodeProcess n, long round) {
        return get(n, "/public/" + (round == 0 ? "latest" : Long.toString(round))).map(j -> {
            String prev = j.path("previous_signature").asText("");
            return new Beacon(j.path("round").asLong(), Hex.decode(j.path("signature").asText()),
                    prev.isEmpty() ? null : Hex.decode(prev));
        });
    }

    /** The node's latest round, or -1 when it serves none (down, starting, or before genesis). */
    long head(NodeProcess n) {
        return beacon(n, 0).map(Beacon::round).orElse(-1L);
    }

    long maxHead(List<NodeProcess> of) {
        return of.stream().mapToLong(this::head).max().orElse(-1);
    }

    private Optional<JsonNode> get(NodeProcess n, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.httpUrl() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ waits and checks

    void awaitHead(List<NodeProcess> of, long round) {
        for (NodeProcess n : of) {
            Awaitility.await(n.name + " at round " + round).atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> head(n) >= round);
        }
    }

    /** Waits until {@code n} serves the round the others have reached (it caught up). */
    void awaitCaughtUp(NodeProcess n, List<NodeProcess> others) {
        Awaitility.await(n.name + " caught up").atMost(LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long h = head(n);
                    return h > 0 && h >= maxHead(others) - 1;
                });
    }

    /**
     * The end-of-scenario check on every given node: each round from 1 to the lowest head is
     * served by every node, with identical signatures, chained to the previous round, and valid
     * under the group key. Fails on the first defect; the verdict counts what it saw.
     */
    Verdict checkChains(List<NodeProcess> of) {
        long head = of.stream().mapToLong(this::head).min().orElse(-1);
        assertThat(head).as("lowest head among " + of).isPositive();
        // each node's rounds 1..head, read in parallel (10,000 rounds after a long sync)
        List<List<Optional<Beacon>>> served = new ArrayList<>();
        try {
            List<Future<List<Optional<Beacon>>>> reads = new ArrayList<>();
            for (NodeProcess n : of) {
                reads.add(pool.submit(() -> {
                    List<Optional<Beacon>> l = new ArrayList<>();
                    for (long r = 1; r <= head; r++) {
                        l.add(beacon(n, r));
                    }
                    return l;
                }));
            }
            for (Future<List<Optional<Beacon>>> f : reads) {
                served.add(f.get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("reading the chains: " + e, e);
        }
        long lost = 0;
        long forks = 0;
        byte[] prev = null;
        List<String> defects = new ArrayList<>();
        List<Beacon> chain = new ArrayList<>();
        for (long r = 1; r <= head; r++) {
            Beacon ref = null;
            for (int i = 0; i < of.size(); i++) {
                Optional<Beacon> b = served.get(i).get((int) (r - 1));
                if (b.isEmpty() || b.get().round() != r) {
                    lost++;
                    defects.add(of.get(i).name + " has no round " + r);
                    continue;
                }
                if (ref == null) {
                    ref = b.get();
                } else if (!ref.equals(b.get())) {
                    forks++;
                    defects.add(of.get(i).name + " serves another beacon for round " + r);
                }
            }
            if (ref == null) {
                continue;
            }
            chain.add(ref);
            if (prev != null && !java.util.Arrays.equals(prev, ref.previousSignature())) {
                forks++;
                defects.add("round " + r + " is not chained to round " + (r - 1));
            }
            prev = ref.signature();
        }
        // batch verification names each invalid round (one pairing check per round would take minutes at 10,000)
        long invalid = 0;
        for (int i = 0; i < chain.size(); i += 1000) {
            for (long r : verifier.invalidRounds(chain.subList(i, Math.min(chain.size(), i + 1000)))) {
                invalid++;
                defects.add("round " + r + " does not verify");
            }
        }
        Verdict v = new Verdict(head, lost, forks, invalid);
        assertThat(defects).as("chain defects up to round " + head + " " + v).isEmpty();
        return v;
    }

    /** Every node still running (none crashed by itself). */
    void assertAllAlive(List<NodeProcess> of) {
        for (NodeProcess n : of) {
            assertThat(n.alive()).as(n.name + " crashed: " + n.logText()).isTrue();
        }
    }

    // ------------------------------------------------------------------ helpers

    interface NodeTask {
        void run(NodeProcess n) throws Exception;
    }

    void parallel(List<NodeProcess> of, NodeTask task) throws Exception {
        List<Future<Void>> fs = new ArrayList<>();
        for (NodeProcess n : of) {
            Callable<Void> c = () -> {
                task.run(n);
                return null;
            };
            fs.add(pool.submit(c));
        }
        for (Future<Void> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) e.getCause();
            }
        }
    }

    /** Stops every daemon and checks that no process of the jar is left. */
    @Override
    public void close() throws Exception {
        pool.shutdownNow();
        for (NodeProcess n : nodes) {
            n.terminate();
        }
        for (NodeProcess n : nodes) {
            assertThat(n.alive()).as(n.name + " left running").isFalse();
        }
        String jar = Jar.jar().toString();
        List<ProcessHandle> left = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("jdrand processes left").isEmpty();
    }
}
