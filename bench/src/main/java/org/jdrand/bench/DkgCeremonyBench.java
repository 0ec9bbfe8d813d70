package org.jdrand.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.FollowerStores;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.dkg.BeaconHandoff;
import org.jdrand.node.grpc.dkg.DkgControlService;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.grpc.dkg.DkgPublicService;
import org.jdrand.node.grpc.dkg.DkgWire;
import org.jdrand.node.grpc.dkg.GrpcDkgNetwork;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.proto.dkg.CommandMetadata;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.ExecutionOptions;
import org.jdrand.proto.dkg.FirstProposalOptions;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.Participant;

/**
 * DKG ceremony time in one warm JVM: n full daemons (gRPC on loopback, plaintext, the DKG
 * services of {@code jdrand start}) run fresh ceremonies through the same {@link DkgProcess}
 * commands the CLI sends over the control port (init, join, execute), fast sync, t = n/2 + 1,
 * kickoff delay 2 s. Each ceremony uses a new beacon ID with new key pairs. Reported per
 * ceremony: kickoff → the last node's group file written (every node kicks off at the instant
 * the leader set), and the wall time from the execute command returning to that file, minus
 * the kickoff delay (what {@code bench/dkg/run.sh} reports for separate processes; it is smaller
 * when the execute gossip itself took long, since the kickoff instant is set before it). The first ceremonies are warm-up, reported apart (as JMH excludes
 * its warm-up iterations). The result hand-off does not start beacons. Not a test: run it with
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.DkgCeremonyBench [n] [measured]}
 * ({@code -Djdrand.bench.warmup=3}).
 */
public final class DkgCeremonyBench {
    private static final Duration KICKOFF = Duration.ofSeconds(2);
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;

    public static void main(String[] args) throws Exception {
        ThreadCpu cpu = new ThreadCpu(); // sampled from the start: threads that end early count too
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = Integer.getInteger("jdrand.bench.warmup", 3);
        int t = n / 2 + 1;
        BlsBackend backend = BlsBackends.blst();
        Bls bls = new Bls(backend);
        InstantSource clock = InstantSource.system();
        SystemScheduler scheduler = new SystemScheduler(clock);
        Path dir = Files.createTempDirectory("jdrand-dkg-bench");
        Map<String, Instant> written = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        List<Daemon> daemons = new ArrayList<>();
        List<DkgProcess> dkgs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path folder = dir.resolve("n" + i);
            int node = i;
            BeaconHandoff handoff = new BeaconHandoff() {
                @Override
                public void completed(String beaconId, Group group, KeyShare share, int epoch) {
                    written.put(beaconId + "/" + node, clock.instant()); // group and share are on disk
                    done.get(beaconId).countDown();
                }

                @Override
                public void left(String beaconId, long transitionTime) { }
            };
            BeaconSupervisor supervisor = BeaconSupervisor.standalone(scheduler, backend, new SecureRandom());
            DkgProcess dkg = new DkgProcess(folder, bls, scheduler, new GrpcDkgNetwork(supervisor.channels()::channel),
                    handoff, new DkgProcess.Timeouts(Duration.ofSeconds(10), KICKOFF), new SecureRandom()).start();
            Daemon d = new Daemon(DaemonConfig.loopback(), supervisor, new Daemon.Services(
                    io.grpc.InsecureServerCredentials.create(), List.of(new DkgPublicService(dkg)),
                    List.of(new DkgControlService(dkg)), id -> java.util.Optional.empty(), FollowerStores.MEMORY))
                    .start();
            daemons.add(d);
            dkgs.add(dkg);
        }
        System.out.printf("nodes=%d threshold=%d scheme=%s kickoff_delay=%ds warm-up=%d measured=%d%n", n, t,
                SCHEME.id(), KICKOFF.toSeconds(), warmup, measured);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Long> warm = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        List<Long> warmExec = new ArrayList<>();
        List<Long> totalExec = new ArrayList<>();
        List<Long> perNode = new ArrayList<>();
        long cpu0 = 0;
        Map<String, Double> threads0 = Map.of();
        boolean ok = true;
        for (int c = 0; c < warmup + measured; c++) {
            if (c == warmup) {
                cpu0 = os.getProcessCpuTime();
                threads0 = cpu.snapshot();
            }
            String id = "bench" + c;
            done.put(id, new CountDownLatch(n));
            List<Participant> joining = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                KeyPair kp = KeyPair.generate(bls, SCHEME, daemons.get(i).privateAddress(), new SecureRandom());
                new KeyStore(dir.resolve("n" + i), id, bls).saveKeyPair(kp);
                joining.add(Participant.newBuilder().setAddress(kp.identity().address())
                        .setKey(ByteString.copyFrom(kp.identity().key().toBytes()))
                        .setSignature(ByteString.copyFrom(kp.identity().signature())).build());
            }
            Instant now = clock.instant();
            // the operator's commands as the control port receives them, through the adapter's mapper
            dkgs.get(0).command(DkgWire.command(command(id).setInitial(FirstProposalOptions.newBuilder()
                    .setTimeout(ts(now.plus(Duration.ofHours(1)))).setThreshold(t).setPeriodSeconds(3)
                    .setScheme(SCHEME.id()).setGenesisTime(ts(now.plus(Duration.ofMinutes(10))))
                    .addAllJoining(joining)).build()));
            for (int i = 1; i < n; i++) {
                dkgs.get(i).command(DkgWire.command(command(id).setJoin(JoinOptions.getDefaultInstance()).build()));
            }
            dkgs.get(0).command(DkgWire.command(command(id).setExecute(ExecutionOptions.getDefaultInstance()).build()));
            Instant executed = clock.instant();
            if (!done.get(id).await(60, TimeUnit.SECONDS)) {
                System.out.printf("ceremony %d: not finished on every node within 60 s%n", c);
                ok = false;
                break;
            }
            long last = 0;
            List<Long> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant w = written.get(id + "/" + i);
                last = Math.max(last, Duration.between(executed, w).toMillis() - KICKOFF.toMillis());
                Instant kickoff = dkgs.get(i).status(id).finished().kickoff();
                nodes.add(Duration.between(kickoff, w).toMillis());
            }
            Collections.sort(nodes);
            System.out.printf("%s ceremony %d: kickoff -> last group file %d ms (per node min %d median %d); "
                    + "execute returned -> last group file - kickoff delay %d ms%n", c < warmup ? "warm-up" : "measured",
                    c, nodes.get(n - 1), nodes.get(0), nodes.get((n - 1) / 2), last);
            (c < warmup ? warm : total).add(nodes.get(n - 1));
            (c < warmup ? warmExec : totalExec).add(last);
            if (c >= warmup) {
                perNode.addAll(nodes);
            }
        }
        double cpuPerCeremony = (os.getProcessCpuTime() - cpu0) / 1e6 / Math.max(1, total.size());
        System.out.println("CPU of the measured ceremonies by thread family:");
        cpu.print(threads0);
        for (DkgProcess p : dkgs) {
            p.close();
        }
        for (Daemon d : daemons) {
            d.close();
        }
        scheduler.close();
        System.out.printf("load average %.1f%n", os.getSystemLoadAverage());
        print("warm-up", "kickoff -> last group file", warm);
        print("warm-up", "execute returned -> last group file - kickoff delay", warmExec);
        print("measured", "kickoff -> last group file", total);
        print("measured", "execute returned -> last group file - kickoff delay", totalExec);
        Collections.sort(perNode);
        if (!perNode.isEmpty()) {
            System.out.printf("measured, per node kickoff -> group file: min %d median %d max %d ms (%d samples)%n",
                    perNode.get(0), perNode.get((perNode.size() - 1) / 2), perNode.get(perNode.size() - 1),
                    perNode.size());
        }
        System.out.printf("process CPU %.0f ms per measured ceremony (all %d nodes)%n", cpuPerCeremony, n);
        System.exit(ok ? 0 : 1);
    }

    private static void print(String which, String what, List<Long> ms) {
        if (ms.isEmpty()) {
            return;
        }
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%s: %s: min %d median %d max %d ms (%d ceremonies)%n", which, what, s.get(0),
                s.get((s.size() - 1) / 2), s.get(s.size() - 1), s.size());
    }

    private static DKGCommand.Builder command(String beaconId) {
        return DKGCommand.newBuilder().setMetadata(CommandMetadata.newBuilder().setBeaconID(beaconId));
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
