package org.jdrand.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.InvalidBeaconException;
import org.jdrand.node.grpc.PublicClient;

/**
 * Asks every node for its latest beacon, as a user would (HTTP {@code /public/...} when the
 * nodes serve HTTP, else the gRPC {@code Public} service), and reports each new round once: its
 * randomness, how many nodes hold the identical beacon, and whether it verifies against the
 * group public key. The latest agreed beacon is also written to {@code <dir>/latest.json}.
 */
final class RoundWatcher implements AutoCloseable {
    /**
     * One reported round: {@code agreeing} nodes serve the most common beacon, {@code conflicting}
     * serve a different one for the same round (must never happen), the others do not have it yet.
     */
    record Report(long round, String randomness, int agreeing, int conflicting, int nodes, int down, boolean verified,
            long skipped) {
        String line() {
            int missing = nodes - down - agreeing - conflicting;
            return String.format("round %-6d randomness %s  %d/%d nodes agree  %s%s%s%s%s", round, randomness, agreeing,
                    nodes, verified ? "verified" : "DOES NOT VERIFY",
                    conflicting > 0 ? "  " + conflicting + " NODES SERVE ANOTHER BEACON" : "",
                    missing > 0 ? "  (" + missing + " not there yet)" : "",
                    down > 0 ? "  (" + down + " down)" : "",
                    skipped > 0 ? "  (+" + skipped + " rounds caught up)" : "");
        }

        /** Valid and no node disagrees (a node that lags behind is not a disagreement). */
        boolean sound() {
            return verified && conflicting == 0;
        }
    }

    private final List<DemoNode> nodes;
    private final boolean http;
    private final BeaconVerifier verifier;
    private final Path latestFile;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<Integer, ManagedChannel> channels = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private long lastReported;

    RoundWatcher(List<DemoNode> nodes, boolean http, BeaconVerifier verifier, Path latestFile) {
        this.nodes = List.copyOf(nodes);
        this.http = http;
        this.verifier = verifier;
        this.latestFile = latestFile;
        this.lastReported = savedRound(latestFile, verifier);
    }

    /**
     * The round of a previous run's {@code latest.json} when its beacon verifies on this chain (a
     * resumed network: that round and older ones are not new), else 0.
     */
    private long savedRound(Path file, BeaconVerifier verifier) {
        try {
            JsonNode saved = json.readTree(file.toFile());
            long round = saved.path("round").asLong();
            JsonNode prev = saved.get("previous_signature");
            Beacon b = new Beacon(round, Hex.decode(saved.path("signature").asText()),
                    prev == null ? null : Hex.decode(prev.asText()));
            verifier.check(b);
            return round;
        } catch (IOException | RuntimeException e) {
            return 0; // none, unreadable, or another chain's (InvalidBeaconException): every round is new
        }
    }

    long lastReported() {
        return lastReported;
    }

    /**
     * Polls once; returns the report of a new round when every node that answers has reached it
     * (or, when {@code impatient}, when at least one has). A node that does not answer (it left
     * the network) is counted as down, not waited for.
     */
    Optional<Report> poll(boolean impatient) {
        long max = 0;
        long min = Long.MAX_VALUE;
        List<DemoNode> answering = new ArrayList<>();
        for (DemoNode n : nodes) {
            Optional<Beacon> latest = fetch(n, 0);
            if (latest.isEmpty() && !n.process().isAlive()) {
                continue;
            }
            answering.add(n);
            long r = latest.map(Beacon::round).orElse(0L);
            max = Math.max(max, r);
            min = Math.min(min, r);
        }
        if (max <= lastReported || (min < max && !impatient)) {
            return Optional.empty();
        }
        long round = impatient ? max : min;
        Map<String, List<Beacon>> bySig = new LinkedHashMap<>();
        for (DemoNode n : answering) {
            fetch(n, round).ifPresent(b -> bySig.computeIfAbsent(Hex.encode(b.signature()), k -> new ArrayList<>()).add(b));
        }
        List<Beacon> best = bySig.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
        if (best.isEmpty()) {
            return Optional.empty();
        }
        Beacon b = best.get(0);
        int conflicting = bySig.values().stream().mapToInt(List::size).sum() - best.size();
        boolean ok;
        try {
            verifier.check(b);
            ok = true;
        } catch (InvalidBeaconException e) {
            ok = false;
        }
        long skipped = lastReported == 0 ? 0 : round - lastReported - 1;
        lastReported = round;
        writeLatest(b);
        return Optional.of(new Report(round, Hex.encode(b.randomness()), best.size(), conflicting, nodes.size(),
                nodes.size() - answering.size(), ok, skipped));
    }

    /** Round {@code round} (0 = latest) from one node, empty when it has none or does not answer. */
    Optional<Beacon> fetch(DemoNode n, long round) {
        try {
            return http ? fetchHttp(n, round) : fetchGrpc(n, round);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<Beacon> fetchHttp(DemoNode n, long round) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + n.ports().publicPort() + "/public/" + (round == 0 ? "latest" : round));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode j = json.readTree(r.body());
        JsonNode prev = j.get("previous_signature");
        return Optional.of(new Beacon(j.path("round").asLong(), Hex.decode(j.path("signature").asText()),
                prev == null || prev.isNull() || prev.asText().isEmpty() ? null : Hex.decode(prev.asText())));
    }

    private Optional<Beacon> fetchGrpc(DemoNode n, long round) {
        ManagedChannel ch;
        synchronized (channels) {
            ch = channels.computeIfAbsent(n.index(), i -> Grpc.newChannelBuilder(n.ports().privateAddress(),
                    InsecureChannelCredentials.create()).build());
        }
        return Optional.of(PublicClient.anonymous(address -> ch).beacon(n.ports().privateAddress(), "default", round,
                Duration.ofSeconds(2)));
    }

    private void writeLatest(Beacon b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", b.round());
        m.put("randomness", Hex.encode(b.randomness()));
        m.put("signature", Hex.encode(b.signature()));
        if (b.hasPreviousSignature()) {
            m.put("previous_signature", Hex.encode(b.previousSignature()));
        }
        try {
            Path tmp = latestFile.resolveSibling(latestFile.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), m);
            Files.move(tmp, latestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a convenience copy only; the nodes serve the beacon
        }
    }

    void print(PrintWriter out, Report r) {
        out.println(r.line());
        out.flush();
    }

    @Override
    public void close() {
        synchronized (channels) {
            channels.values().forEach(ManagedChannel::shutdownNow);
            channels.clear();
        }
    }
}
