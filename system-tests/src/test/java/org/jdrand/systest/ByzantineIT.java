package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.proto.drand.Empty;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Byzantine member among real processes: after a DKG of 5 (t = 3) with the real jar, node n5 is
 * killed and a test peer takes its place, on its address with its real share. It sends the four
 * honest nodes, every round for {@value #ATTACK_ROUNDS} rounds, a partial over the wrong message
 * (well formed: cached, then found bad when the combination fails), partials for a future round,
 * over another previous signature, of bad length, of an index outside the group and of the
 * receiver's own index; then a flood of {@value #FLOOD} partials and a message over gRPC's 4 MiB
 * limit (refused by the transport, counted by the node's stream tracer). A follower node syncing only from the Byzantine peer gets forged streams (beacons signed
 * by the share alone, and a real chain that skips a round) and stores none of it, then follows the
 * honest nodes. The honest chain keeps up with the clock, every node ends with the same valid chain,
 * and each kind of rejection is counted in the receivers' {@code /metrics}.
 */
@org.junit.jupiter.api.Tag("faults")
class ByzantineIT {
    static final int ATTACK_ROUNDS = 4;
    static final int FLOOD = 1000;
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void byzantineMemberChangesNothingAndEveryRejectionIsCounted() throws Exception {
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, 2, 20);
            List<NodeProcess> honest = c.nodes.subList(0, 4);
            NodeProcess evilNode = c.nodes.get(4);
            Bls bls = new Bls(BlsBackends.bouncyCastle());
            KeyStore evilKeys = new KeyStore(evilNode.folder, KeyStore.DEFAULT_BEACON_ID, bls);
            KeyShare evilShare = evilKeys.loadShare();
            Group group = evilKeys.loadGroup();
            Map<NodeProcess, Integer> index = new HashMap<>();
            for (NodeProcess n : c.nodes) {
                index.put(n, group.member(n.address()).orElseThrow().index());
            }
            ThresholdBls tbls = new ThresholdBls(BlsBackends.bouncyCastle(), info.scheme());
            PriShare share = new PriShare(evilShare.index(), evilShare.share());

            evilNode.kill9();
            List<ManagedChannel> channels = new ArrayList<>();
            Map<NodeProcess, ProtocolGrpc.ProtocolBlockingStub> stubs = new HashMap<>();
            for (NodeProcess n : honest) {
                ManagedChannel ch = Grpc.newChannelBuilder(n.address(), InsecureChannelCredentials.create()).build();
                channels.add(ch);
                stubs.put(n, ProtocolGrpc.newBlockingStub(ch));
            }
            NodeProcess follower = new NodeProcess("f1", dir, List.of(), List.of("--insecure"));
            Map<NodeProcess, Map<String, Double>> before = new HashMap<>();
            try (ByzantinePeer evil = new ByzantinePeer(evilNode.privatePort, tbls, share, info.scheme(), channels.get(0),
                    r -> c.beacon(honest.get(0), r).orElseThrow(() -> new IllegalStateException("no round " + r)))) {
                for (NodeProcess n : honest) {
                    before.put(n, rejections(n, "partial_rejected_total"));
                }
                SecureRandom rnd = new SecureRandom();
                AtomicLong worstLag = new AtomicLong();
                long start = c.maxHead(honest);
                Map<NodeProcess, Map<String, Integer>> refused = new HashMap<>();
                honest.forEach(n -> refused.put(n, new HashMap<>()));
                for (long target = start + 1; target <= start + ATTACK_ROUNDS; target++) {
                    long t = target;
                    Awaitility.await("round " + (t - 1)).atMost(Cluster.LONG).pollInterval(Duration.ofMillis(100))
                            .until(() -> c.maxHead(honest) >= t - 1);
                    worstLag.accumulateAndGet(info.expectedRound(Instant.now()) - c.maxHead(honest), Math::max);
                    for (NodeProcess n : honest) {
                        attackRound(stubs.get(n).withDeadlineAfter(10, TimeUnit.SECONDS), c, n, evil, index.get(n), rnd,
                                refused.get(n));
                    }
                }
                refused.get(honest.get(0)).merge("future_round", flood(stubs.get(honest.get(0)), evil,
                        c.head(honest.get(0))), Integer::sum);
                oversized(stubs.get(honest.get(0)));
                Awaitility.await("oversized message counted").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).until(() -> metricsText(honest.get(0)).contains(
                                "grpc_oversized_message_total{grpc_method=\"drand.Protocol/PartialBeacon\"} 1.0"));
                long after = c.maxHead(honest);
                Awaitility.await("3 rounds after the attack").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            worstLag.accumulateAndGet(info.expectedRound(Instant.now()) - c.maxHead(honest), Math::max);
                            return c.maxHead(honest) >= after + 3;
                        });
                assertThat(worstLag.get()).as("rounds behind the clock under attack").isLessThanOrEqualTo(1);
                assertThat(evil.partialsReceived.get()).as("the honest nodes still send their partials to n5's address")
                        .isPositive();

                // every kind of rejection, counted by every receiver: as many as it refused
                for (NodeProcess n : honest) {
                    Map<String, Double> now = rejections(n, "partial_rejected_total");
                    Map<String, Integer> sent = refused.get(n);
                    for (String reason : List.of("future_round", "bad_length", "unknown_index", "own_index",
                            "wrong_previous")) {
                        assertThat(sent.getOrDefault(reason, 0)).as(n.name + " refused " + reason).isPositive();
                        assertThat(now.getOrDefault(reason, 0.0) - before.get(n).getOrDefault(reason, 0.0))
                                .as(n.name + " partial_rejected_total{reason=" + reason + "}")
                                .isEqualTo(sent.get(reason).doubleValue());
                    }
                    assertThat(now.getOrDefault("invalid_signature", 0.0)
                            - before.get(n).getOrDefault("invalid_signature", 0.0))
                            .as(n.name + " partial_rejected_total{reason=invalid_signature}").isPositive();
                }
                double floodCount = FLOOD;
                // forged sync streams to a syncing node
                follower.generateKeypair();
                follower.start();
                long upTo = c.maxHead(honest);
                Process forged = followProcess(follower, evilNode.address(), info, upTo);
                try {
                    Awaitility.await("follower refuses both forged streams").atMost(Cluster.LONG)
                            .pollInterval(Duration.ofMillis(300)).until(() -> {
                                Map<String, Double> s = rejections(follower, "sync_rejected_total");
                                return s.getOrDefault("invalid_beacon", 0.0) >= 1 && s.getOrDefault("out_of_order", 0.0) >= 1;
                            });
                    assertThat(c.head(follower)).as("follower stored nothing from the forged streams").isLessThanOrEqualTo(0);
                } finally {
                    forged.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                assertThat(evil.forgedStreams.get()).isGreaterThanOrEqualTo(2);
                Jar.ok(Jar.cli("sync", "--follow", "--sync-nodes", honest.get(1).address() + "," + honest.get(2).address(),
                        "--chain-hash", info.hash(), "--up-to", Long.toString(upTo), "--control", follower.control()),
                        "follow the honest nodes");
                c.awaitHead(List.of(follower), upTo);

                c.assertAllAlive(honest);
                assertThat(follower.alive()).isTrue();
                Cluster.Verdict v = c.checkChains(honest);
                List<NodeProcess> all = new ArrayList<>(honest);
                all.add(follower);
                Cluster.Verdict withFollower = c.checkChains(all);
                assertThat(withFollower.head()).isGreaterThanOrEqualTo(upTo);
                System.out.printf("RELIABILITY byzantine head=%d worst-lag=%d flood=%d forged-streams=%d lost=%d "
                        + "forks=%d crashes=0%n", v.head(), worstLag.get(), (long) floodCount, evil.forgedStreams.get(),
                        v.roundsLost(), v.forks());
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
                follower.terminate();
            }
        }
    }

    /**
     * One round's bad partials to one honest node, sent before the round is due; what the node
     * refused is added to {@code refused} by reason. A partial of a round the node stored meanwhile
     * is dropped silently (late, not bad), so a refusal may be missing, never extra.
     */
    private static void attackRound(ProtocolGrpc.ProtocolBlockingStub stub, Cluster c, NodeProcess n, ByzantinePeer evil,
            int receiverIndex, SecureRandom rnd, Map<String, Integer> refused) {
        long last = c.head(n);
        byte[] prev = c.beacon(n, last).orElseThrow().signature();
        long next = last + 1;
        // well formed over the wrong message: cached unchecked, found out when the combination fails
        if (refused(stub, packet(next, prev, evil.partial(next + 1000, prev)))) {
            refused.merge("invalid_signature", 1, Integer::sum);
        }
        byte[] otherPrev = new byte[prev.length];
        rnd.nextBytes(otherPrev);
        count(refused, "wrong_previous", refused(stub, packet(next, otherPrev, evil.partial(next, otherPrev))));
        count(refused, "future_round", refused(stub, packet(next + 5, prev, evil.partial(next + 5, prev))));
        count(refused, "bad_length", refused(stub, packet(next, prev, new byte[] {1, 2, 3})));
        byte[] unknown = evil.partial(next, prev);
        unknown[0] = 0;
        unknown[1] = 9;
        count(refused, "unknown_index", refused(stub, packet(next, prev, unknown)));
        byte[] own = evil.partial(next, prev);
        own[0] = (byte) (receiverIndex >> 8);
        own[1] = (byte) receiverIndex;
        count(refused, "own_index", refused(stub, packet(next, prev, own)));
    }

    private static void count(Map<String, Integer> refused, String reason, boolean wasRefused) {
        refused.merge(reason, wasRefused ? 1 : 0, Integer::sum);
    }

    /** True when the node refused the partial (INVALID_ARGUMENT), false when it took or dropped it. */
    private static boolean refused(ProtocolGrpc.ProtocolBlockingStub stub, PartialBeaconPacket p) {
        try {
            stub.partialBeacon(p);
            return false;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return true;
        }
    }

    /** {@value #FLOOD} future partials at once: each refused and counted, none slows the chain. */
    private int flood(ProtocolGrpc.ProtocolBlockingStub blocking, ByzantinePeer evil, long head) throws Exception {
        ProtocolGrpc.ProtocolStub stub = ProtocolGrpc.newStub(blocking.getChannel());
        byte[] prev = new byte[96];
        PartialBeaconPacket p = packet(head + 100, prev, evil.partial(head + 100, prev));
        CountDownLatch done = new CountDownLatch(FLOOD);
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < FLOOD; i++) {
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).partialBeacon(p, new StreamObserver<Empty>() {
                @Override
                public void onNext(Empty value) {
                }

                @Override
                public void onError(Throwable t) {
                    if (Status.fromThrowable(t).getCode() == Status.Code.INVALID_ARGUMENT) {
                        refused.incrementAndGet();
                    }
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(90, TimeUnit.SECONDS)).as("flood answered").isTrue();
        assertThat(refused.get()).as("flooded future partials refused").isEqualTo(FLOOD);
        return FLOOD;
    }

    /** 5 MiB in one message: refused by gRPC's 4 MiB inbound limit before it is decoded. */
    private static void oversized(ProtocolGrpc.ProtocolBlockingStub stub) {
        byte[] big = new byte[5 << 20];
        assertThatThrownBy(() -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).partialBeacon(packet(1, new byte[96], big)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    private static Process followProcess(NodeProcess follower, String from, Cluster.Info info, long upTo) throws Exception {
        List<String> cmd = Jar.java(Jar.CLI_JVM);
        cmd.addAll(List.of("sync", "--follow", "--sync-nodes", from, "--chain-hash", info.hash(), "--up-to",
                Long.toString(upTo), "--control", follower.control()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(follower.folder.resolveSibling("logs").resolve("f1-forged-follow.log").toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static PartialBeaconPacket packet(long round, byte[] prev, byte[] partial) {
        return PartialBeaconPacket.newBuilder()
                .setRound(round)
                .setPreviousSignature(ByteString.copyFrom(prev))
                .setPartialSig(ByteString.copyFrom(partial))
                .setMetadata(ProtoMapper.metadata("default"))
                .build();
    }

    /** A counter family's samples of beacon "default" by their {@code reason} label, from the node's /metrics. */
    private Map<String, Double> rejections(NodeProcess n, String family) throws Exception {
        Map<String, Double> out = new HashMap<>();
        Matcher m = SAMPLE.matcher(metricsText(n));
        while (m.find()) {
            if (m.group(1).equals(family) && m.group(2).contains("beacon_id=\"default\"")) {
                Matcher reason = Pattern.compile("reason=\"(\\w+)\"").matcher(m.group(2));
                if (reason.find()) {
                    out.put(reason.group(1), Double.parseDouble(m.group(3)));
                }
            }
        }
        return out;
    }

    private String metricsText(NodeProcess n) throws Exception {
        return n.metricsText();
    }
}
