package org.jdrand.systest;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.Schnorr;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.daemon.FolderBeacons;
import org.jdrand.node.daemon.FollowerStores;
import org.jdrand.node.dkg.BeaconHandoff;
import org.jdrand.node.grpc.dkg.DkgControlService;
import org.jdrand.node.dkg.DkgNetwork;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.dkg.GossipMessage;
import org.jdrand.node.grpc.dkg.DkgPublicService;
import org.jdrand.node.grpc.dkg.DkgWire;
import org.jdrand.node.grpc.dkg.GrpcDkgNetwork;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.StoreConfig;
import org.jdrand.proto.dkg.AbortDKG;
import org.jdrand.proto.dkg.AcceptProposal;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.DealBundle;
import org.jdrand.proto.dkg.GossipMetadata;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.dkg.Packet;
import org.jdrand.proto.dkg.Participant;
import org.jdrand.proto.dkg.Response;
import org.jdrand.proto.dkg.ResponseBundle;

/**
 * A DKG member as its own process: the node's real DKG services (daemon, {@link DkgProcess},
 * control port for the operator's {@code jdrand dkg join}), logging at TRACE, whose randomness
 * is recorded: every 64-byte draw (each scalar the DKG picks: its secret polynomial's
 * coefficients, encryption and signature nonces) is appended as hex to {@value #RANDOMNESS} and
 * the commitments of its own deal to {@value #COMMITS}, so that a test holds the actual secrets
 * to search the logs for. With {@code attack}, it also sends every honest member, as soon as its
 * own deal is out, the bad DKG packets of {@link Attack}, each answer appended to
 * {@value #ATTACKS}. Its own ceremony traffic stays genuine. Run by {@code DkgSecretsIT} and
 * {@code ByzantineDkgIT}:
 * {@code java -cp <test classpath> org.jdrand.systest.DkgMemberNode FOLDER PRIVATE_PORT CONTROL_PORT
 * honest|attack OUT_FOLDER LEADER_ADDRESS NODE_FOLDER...}.
 */
public final class DkgMemberNode {
    static final String RANDOMNESS = "randomness.hex";
    static final String COMMITS = "commits.hex";
    static final String ATTACKS = "attacks.txt";
    static final String BAD_BEACON_ID = "no-such-beacon";

    /**
     * The bad packets, each sent once to every honest member. The bundles a receiver decodes and
     * judges in its running ceremony go first, before this member's genuine deal is released, so
     * that they reach the ceremony while it waits for that deal; the others follow.
     */
    enum Attack {
        /** this member's deal with one encrypted share changed, the signature kept */
        DEAL_WITH_A_BROKEN_SIGNATURE(true),
        /** a deal claiming another dealer's index, signed with this member's key */
        DEAL_CLAIMING_ANOTHER_DEALER(true),
        /** a response complaining of every dealer in another member's name, signed with this member's key */
        RESPONSE_CLAIMING_ANOTHER_MEMBER(true),
        /** a deal whose commitments are not points */
        MALFORMED_DEAL(true),
        /** a DKG packet with no bundle */
        EMPTY_PACKET(false),
        /** a deal of 5 MiB */
        OVERSIZED_DEAL(false),
        /** this member's deal for a beacon ID the receiver does not run */
        DEAL_FOR_UNKNOWN_BEACON(false),
        /** an accept signed over other bytes than the terms */
        FORGED_ACCEPT_SIGNATURE(false),
        /** an abort claiming the leader's address, signed with this member's key */
        ABORT_CLAIMING_THE_LEADER(false),
        /** an accept for a beacon ID the receiver does not run */
        ACCEPT_FOR_UNKNOWN_BEACON(false);

        final boolean early;

        Attack(boolean early) {
            this.early = early;
        }
    }

    private DkgMemberNode() {
    }

    /** A running ceremony of the cluster's jar nodes and this member process, as the ITs drive it. */
    record Run(Process process, NodeProcess slot, Path out, Path logFile, List<NodeProcess> all, Jar.Result execute) {
        String log() {
            return read(logFile);
        }

        void stop() throws InterruptedException {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    /**
     * Key pairs for the cluster's nodes and a fifth slot, the jar daemons started, this member
     * launched in the slot ({@code honest} or {@code attack}), then a fresh DKG of the five led by
     * the first node (threshold 3, period 2 s) through the operator's commands. Returns once the
     * leader's {@code dkg execute --wait} returned (its result is not judged here).
     */
    static Run ceremony(Cluster c, Path dir, String mode) throws Exception {
        NodeProcess slot = new NodeProcess("n5", dir, List.of(), List.of("--insecure"));
        List<NodeProcess> five = new ArrayList<>(c.nodes);
        five.add(slot);
        c.parallel(five, NodeProcess::generateKeypair);
        c.parallel(c.nodes, NodeProcess::start);
        Path out = Files.createDirectories(dir.resolve("member"));
        Path log = dir.resolve("logs").resolve("n5-member.log");
        NodeProcess leader = c.nodes.get(0);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DkgMemberNode.class.getName(), slot.folder.toString(), Integer.toString(slot.privatePort),
                slot.control(), mode, out.toString(), leader.address()));
        five.forEach(n -> cmd.add(n.folder.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        Run run = null;
        try {
            org.awaitility.Awaitility.await("member running").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        org.assertj.core.api.Assertions.assertThat(p.isAlive()).as("member died: " + read(log)).isTrue();
                        return read(log).contains("jdrand running:");
                    });
            Path proposal = dir.resolve("proposal.toml");
            List<String> gp = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--out",
                    proposal.toString()));
            five.forEach(n -> gp.addAll(List.of("--joiner", n.address())));
            Jar.ok(Jar.cli(gp.toArray(String[]::new)), "generate-proposal");
            Jar.ok(leader.dkg("init", "--proposal", proposal.toString(), "--threshold", "3", "--period", "2s",
                    "--scheme", "pedersen-bls-chained", "--genesis-delay", "20s"), "dkg init");
            c.parallel(five.subList(1, 5), n -> Jar.ok(n.dkg("join"), n.name + " dkg join"));
            run = new Run(p, slot, out, log, five, leader.dkg("execute", "--wait", "--wait-timeout", "150s"));
            return run;
        } finally {
            if (run == null) {
                p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public static void main(String[] args) throws Exception {
        // the most verbose level of every logger of the product
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.TRACE);
            ctx.getLogger("org.jdrand").setLevel(ch.qos.logback.classic.Level.TRACE);
            ctx.getLogger("org.jdrand.node.dkg").setLevel(ch.qos.logback.classic.Level.TRACE); // INFO in logback.xml
        }
        Path folder = Path.of(args[0]);
        boolean attack = args[3].equals("attack");
        Path out = Path.of(args[4]);
        String leader = args[5];
        BlsBackend backend = BlsBackends.bouncyCastle();
        Bls bls = new Bls(backend);
        KeyPair kp = new KeyStore(folder, KeyStore.DEFAULT_BEACON_ID, bls).loadKeyPair();
        Scheme scheme = kp.identity().scheme();
        List<Point> keys = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            KeyStore ks = new KeyStore(Path.of(args[i]), KeyStore.DEFAULT_BEACON_ID, bls);
            keys.add(ks.loadIdentity().key());
            if (!ks.loadIdentity().address().equals(kp.identity().address())) {
                others.add(ks.loadIdentity().address());
            }
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        int self = nodes.stream().filter(n -> n.publicKey().equals(kp.identity().key())).findFirst().orElseThrow().index();
        int other = nodes.stream().filter(n -> n.index() != self).findFirst().orElseThrow().index();

        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        BeaconSupervisor supervisor = BeaconSupervisor.standalone(scheduler, backend, new SecureRandom());
        Attacker attacker = attack ? new Attacker(bls, scheme, kp, self, other, leader, others, out.resolve(ATTACKS))
                : null;
        Watch watch = new Watch(new GrpcDkgNetwork(supervisor.channels()::channel), self, out.resolve(COMMITS), attacker);
        BeaconHandoff handoff = new BeaconHandoff() {
            @Override
            public void completed(String beaconId, Group group, KeyShare share, int epoch) {
                System.out.println("member: ceremony completed with a group of " + group.nodes().size());
            }

            @Override
            public void left(String beaconId, long transitionTime) {
            }
        };
        DkgProcess dkg = new DkgProcess(folder, bls, scheduler, watch, handoff,
                new DkgProcess.Timeouts(NodeProcess.DKG_PHASE_TIMEOUT, Duration.ofSeconds(2)),
                new RecordingRandom(out.resolve(RANDOMNESS))).start();
        // the identity the daemon answers with is read from the key files, as a node does
        FolderBeacons files = new FolderBeacons(folder, bls, StoreConfig.sqlite(), InstantSource.system());
        Daemon daemon = new Daemon(new DaemonConfig("127.0.0.1:" + args[1], args[2], false), supervisor,
                new Daemon.Services(io.grpc.InsecureServerCredentials.create(), List.of(new DkgPublicService(dkg)),
                        List.of(new DkgControlService(dkg)), files::identity, FollowerStores.MEMORY)).start();
        System.out.println("jdrand running: DKG member " + self + (attack ? " (attacking)" : "") + ", private "
                + daemon.privateAddress());
        new CountDownLatch(1).await(); // until killed
    }

    /** A SecureRandom that appends every 64-byte draw (one scalar's worth) to a file, as hex. */
    static final class RecordingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        RecordingRandom(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            if (bytes.length == 64) {
                append(file, Hex.encode(bytes));
            }
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The DKG's outgoing messages, unchanged; its own deal's commitments noted, the attack started with it. */
    private static final class Watch implements DkgNetwork {
        private final DkgNetwork real;
        private final int self;
        private final Path commits;
        private final Attacker attacker;
        private final AtomicBoolean dealt = new AtomicBoolean();

        Watch(DkgNetwork real, int self, Path commits, Attacker attacker) {
            this.real = real;
            this.self = self;
            this.commits = commits;
            this.attacker = attacker;
        }

        @Override
        public void packet(String address, GossipMessage message) throws Exception {
            real.packet(address, message);
        }

        @Override
        public String copyKey(String beaconId, DkgBundle bundle) {
            return real.copyKey(beaconId, bundle);
        }

        @Override
        public CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle bundle) {
            // the attacks are written against drand's wire form of the genuine deal
            DKGPacket packet = DkgWire.toProto(bundle, beaconId);
            Packet p = packet.getDkg();
            boolean own = p.hasDeal() && p.getDeal().getDealerIndex() == self;
            if (own && dealt.compareAndSet(false, true)) {
                p.getDeal().getCommitsList().forEach(c -> append(commits, Hex.encode(c.toByteArray())));
                if (attacker != null) {
                    attacker.run(packet, true); // before the genuine deal leaves
                    Thread t = new Thread(() -> attacker.run(packet, false), "attacker");
                    t.setDaemon(true);
                    t.start();
                }
            }
            return real.broadcast(address, beaconId, bundle);
        }
    }

    /** Sends the bad packets of {@link Attack} to every honest member over its own plaintext channels. */
    private static final class Attacker {
        private final Bls bls;
        private final Scheme scheme;
        private final KeyPair kp;
        private final Schnorr schnorr;
        private final int self;
        private final int other;
        private final String leader;
        private final List<String> targets;
        private final Path log;
        private final SecureRandom random = new SecureRandom();
        /** Connected before the ceremony, so that the early attacks hold the genuine deal back only briefly. */
        private final java.util.Map<String, ManagedChannel> channels = new java.util.concurrent.ConcurrentHashMap<>();

        Attacker(Bls bls, Scheme scheme, KeyPair kp, int self, int other, String leader, List<String> targets,
                Path log) {
            this.bls = bls;
            this.scheme = scheme;
            this.kp = kp;
            this.schnorr = new Schnorr(bls.backend(scheme), scheme.keyGroup());
            this.self = self;
            this.other = other;
            this.leader = leader;
            this.targets = targets;
            this.log = log;
            for (String target : targets) {
                ManagedChannel ch = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(16 << 20)
                        .build();
                ch.getState(true);
                channels.put(target, ch);
            }
        }

        /** The early (or the late) attacks against every target, in parallel; returns when all were answered. */
        void run(DKGPacket ownDeal, boolean early) {
            List<Thread> threads = new ArrayList<>();
            for (String target : targets) {
                Thread t = new Thread(() -> attack(target, ownDeal, early), "attack " + target);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void attack(String target, DKGPacket ownDeal, boolean early) {
            ManagedChannel ch = channels.get(target);
            for (Attack a : Attack.values()) {
                if (a.early != early) {
                    continue;
                }
                String answer;
                try {
                    send(ch, a, ownDeal);
                    answer = "OK";
                } catch (StatusRuntimeException e) {
                    answer = e.getStatus().getCode() + " " + e.getStatus().getDescription();
                } catch (RuntimeException e) {
                    answer = "ERROR " + e;
                }
                String line = a + " " + target + " " + answer.replace('\n', ' ');
                System.out.println("attacker: " + line);
                append(log, line);
            }
        }

        private void send(ManagedChannel ch, Attack a, DKGPacket ownDeal) {
            DKGPublicGrpc.DKGPublicBlockingStub stub = DKGPublicGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).withMaxOutboundMessageSize(64 << 20);
            DealBundle deal = ownDeal.getDkg().getDeal();
            switch (a) {
                case FORGED_ACCEPT_SIGNATURE -> stub.packet(gossip("default", kp.identity().address(),
                        sign("not the terms")).setAccept(AcceptProposal.newBuilder().setAcceptor(me())).build());
                case ABORT_CLAIMING_THE_LEADER -> stub.packet(gossip("default", leader, sign("abort"))
                        .setAbort(AbortDKG.newBuilder().setReason("the leader says stop")).build());
                case ACCEPT_FOR_UNKNOWN_BEACON -> stub.packet(gossip(BAD_BEACON_ID, kp.identity().address(),
                        sign("accept")).setAccept(AcceptProposal.newBuilder().setAcceptor(me())).build());
                case DEAL_WITH_A_BROKEN_SIGNATURE -> {
                    DealBundle.Builder b = deal.toBuilder();
                    b.setDeals(0, b.getDeals(0).toBuilder().setEncryptedShare(ByteString.copyFrom(bytes(
                            b.getDeals(0).getEncryptedShare().size()))));
                    stub.broadcastDKG(withDeal(ownDeal, b.build()));
                }
                case DEAL_CLAIMING_ANOTHER_DEALER -> {
                    DealBundle unsigned = deal.toBuilder().setDealerIndex(other).clearSignature().build();
                    org.jdrand.dkg.DealBundle mapped = new org.jdrand.dkg.DealBundle(other,
                            unsigned.getCommitsList().stream().map(ByteString::toByteArray).toList(),
                            unsigned.getDealsList().stream().map(d -> new org.jdrand.dkg.Deal(d.getShareIndex(),
                                    d.getEncryptedShare().toByteArray())).toList(),
                            unsigned.getSessionId().toByteArray(), new byte[0]);
                    stub.broadcastDKG(withDeal(ownDeal, unsigned.toBuilder().setSignature(ByteString.copyFrom(
                            schnorr.sign(kp.secret(), mapped.hash(), random))).build()));
                }
                case RESPONSE_CLAIMING_ANOTHER_MEMBER -> {
                    ResponseBundle.Builder r = ResponseBundle.newBuilder().setShareIndex(other)
                            .setSessionId(deal.getSessionId());
                    for (int d = 0; d <= targets.size(); d++) {
                        r.addResponses(Response.newBuilder().setDealerIndex(d).setStatus(false));
                    }
                    r.setSignature(ByteString.copyFrom(schnorr.sign(kp.secret(), bytes(32), random)));
                    stub.broadcastDKG(ownDeal.toBuilder().setDkg(ownDeal.getDkg().toBuilder().setResponse(r)).build());
                }
                case MALFORMED_DEAL -> stub.broadcastDKG(withDeal(ownDeal, deal.toBuilder().clearCommits()
                        .addCommits(ByteString.copyFrom(bytes(3))).build()));
                case EMPTY_PACKET -> stub.broadcastDKG(ownDeal.toBuilder().setDkg(ownDeal.getDkg().toBuilder()
                        .clearDeal()).build());
                case OVERSIZED_DEAL -> {
                    DealBundle.Builder b = deal.toBuilder();
                    b.setDeals(0, b.getDeals(0).toBuilder().setEncryptedShare(ByteString.copyFrom(new byte[5 << 20])));
                    stub.broadcastDKG(withDeal(ownDeal, b.build()));
                }
                case DEAL_FOR_UNKNOWN_BEACON -> stub.broadcastDKG(ownDeal.toBuilder().setDkg(ownDeal.getDkg()
                        .toBuilder().setMetadata(ownDeal.getDkg().getMetadata().toBuilder().setBeaconID(BAD_BEACON_ID)))
                        .build());
            }
        }

        private static DKGPacket withDeal(DKGPacket p, DealBundle d) {
            return p.toBuilder().setDkg(p.getDkg().toBuilder().setDeal(d)).build();
        }

        private GossipPacket.Builder gossip(String beaconId, String address, byte[] signature) {
            return GossipPacket.newBuilder().setMetadata(GossipMetadata.newBuilder().setBeaconID(beaconId)
                    .setAddress(address).setSignature(ByteString.copyFrom(signature)));
        }

        private Participant me() {
            return Participant.newBuilder().setAddress(kp.identity().address())
                    .setKey(ByteString.copyFrom(kp.identity().key().toBytes()))
                    .setSignature(ByteString.copyFrom(kp.identity().signature())).build();
        }

        /** A well-formed signature of this member's key over other bytes than the receiver expects. */
        private byte[] sign(String what) {
            return bls.sign(scheme, kp.secret(), what.getBytes(StandardCharsets.UTF_8));
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }
    }
}
