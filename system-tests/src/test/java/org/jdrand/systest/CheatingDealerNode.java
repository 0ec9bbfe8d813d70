package org.jdrand.systest;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.Deal;
import org.jdrand.dkg.DealBundle;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.Ecies;
import org.jdrand.dkg.JustificationBundle;
import org.jdrand.dkg.Schnorr;
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.FollowerStores;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.daemon.FolderBeacons;
import org.jdrand.node.dkg.BeaconHandoff;
import org.jdrand.node.dkg.DkgNetwork;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.dkg.GossipMessage;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.grpc.dkg.DkgControlService;
import org.jdrand.node.grpc.dkg.DkgPublicService;
import org.jdrand.node.grpc.dkg.DkgWire;
import org.jdrand.node.grpc.dkg.GrpcDkgNetwork;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.StoreConfig;

/**
 * A cheating dealer as its own process: the node's real DKG services (daemon, {@link DkgProcess},
 * control port, so the operator's {@code jdrand dkg join} works on it) with the network under
 * the DKG wrapped. Its deal bundle is rewritten, identically for every recipient (so it is no
 * equivocation), with one member's deal replaced by a well-encrypted random share that does not
 * match its commitments, and re-signed with the node's long-term key; its justification is
 * never sent. Run by {@code CheatingDealerIT}:
 * {@code java -cp <test classpath> org.jdrand.systest.CheatingDealerNode FOLDER PRIVATE_PORT CONTROL_PORT
 * NODE_FOLDER...} (every participant's folder, for the public keys that give the DKG indices).
 */
public final class CheatingDealerNode {
    /** Where the cheater leaves the forged share it sent (hex), for the test's search of the victim's logs. */
    static final String FORGED_SHARE_FILE = "forged-share.hex";

    private CheatingDealerNode() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        BlsBackend backend = BlsBackends.bouncyCastle();
        Bls bls = new Bls(backend);
        KeyPair kp = new KeyStore(folder, KeyStore.DEFAULT_BEACON_ID, bls).loadKeyPair();
        Scheme scheme = kp.identity().scheme();
        List<Point> keys = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            keys.add(new KeyStore(Path.of(args[i]), KeyStore.DEFAULT_BEACON_ID, bls).loadIdentity().key());
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        int self = nodes.stream().filter(n -> n.publicKey().equals(kp.identity().key())).findFirst().orElseThrow().index();
        DkgNode victim = nodes.stream().filter(n -> n.index() != self).findFirst().orElseThrow();

        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        BeaconSupervisor supervisor = BeaconSupervisor.standalone(scheduler, backend, new SecureRandom());
        Cheat cheat = new Cheat(new GrpcDkgNetwork(supervisor.channels()::channel), backend, scheme, kp.secret(), self,
                victim,
                folder.resolve(FORGED_SHARE_FILE));
        BeaconHandoff handoff = new BeaconHandoff() {
            @Override
            public void completed(String beaconId, Group group, KeyShare share, int epoch) {
                System.out.println("cheater: ceremony completed with a group of " + group.nodes().size());
            }

            @Override
            public void left(String beaconId, long transitionTime) {
            }
        };
        DkgProcess dkg = new DkgProcess(folder, bls, scheduler, cheat, handoff,
                new DkgProcess.Timeouts(NodeProcess.DKG_PHASE_TIMEOUT, Duration.ofSeconds(2)), new SecureRandom()).start();
        // as jdrand start: GetIdentity of a beacon ID with no chain yet answers from the key files
        FolderBeacons files = new FolderBeacons(folder, bls, StoreConfig.sqlite(), InstantSource.system());
        Daemon daemon = new Daemon(new DaemonConfig("127.0.0.1:" + args[1], args[2], false), supervisor,
                new Daemon.Services(io.grpc.InsecureServerCredentials.create(), List.of(new DkgPublicService(dkg)),
                        List.of(new DkgControlService(dkg)), files::identity, FollowerStores.MEMORY)).start();
        System.out.println("jdrand running: cheating dealer " + self + " against member " + victim.index()
                + ", private " + daemon.privateAddress());
        new CountDownLatch(1).await(); // until killed
    }

    /** The DKG's outgoing messages, with this dealer's deal bundle forged and its justifications dropped. */
    private static final class Cheat implements DkgNetwork {
        private final DkgNetwork real;
        private final Ecies ecies;
        private final Schnorr schnorr;
        private final Scalar secret;
        private final int self;
        private final DkgNode victim;
        private final SecureRandom random = new SecureRandom();
        private final Path forgedShareFile;
        private DealBundle forged;

        Cheat(DkgNetwork real, BlsBackend backend, Scheme scheme, Scalar secret, int self, DkgNode victim,
                Path forgedShareFile) {
            this.forgedShareFile = forgedShareFile;
            this.real = real;
            this.ecies = new Ecies(backend, scheme.keyGroup());
            this.schnorr = new Schnorr(backend, scheme.keyGroup());
            this.secret = secret;
            this.self = self;
            this.victim = victim;
        }

        @Override
        public void packet(String address, GossipMessage packet) throws Exception {
            real.packet(address, packet);
        }

        @Override
        public String copyKey(String beaconId, DkgBundle bundle) {
            return real.copyKey(beaconId, bundle);
        }

        @Override
        public CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle bundle) {
            if (bundle instanceof JustificationBundle j && j.dealerIndex() == self) {
                System.out.println("cheater: justification withheld from " + address);
                return CompletableFuture.completedFuture(null);
            }
            if (bundle instanceof DealBundle d && d.dealerIndex() == self) {
                return real.broadcast(address, beaconId, forge(d));
            }
            return real.broadcast(address, beaconId, bundle);
        }

        private synchronized DealBundle forge(DealBundle d) {
            if (forged == null) {
                List<Deal> deals = new ArrayList<>();
                for (Deal deal : d.deals()) {
                    byte[] enc = deal.encryptedShare();
                    if (deal.shareIndex() == victim.index()) {
                        byte[] share = Scalar.random(random).toBytes();
                        enc = ecies.encrypt(victim.publicKey(), share, random);
                        try {
                            java.nio.file.Files.writeString(forgedShareFile, org.jdrand.crypto.Hex.encode(share));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    deals.add(new Deal(deal.shareIndex(), enc));
                }
                DealBundle unsigned = new DealBundle(d.dealerIndex(), d.commits(), deals, d.sessionId(), new byte[0]);
                forged = new DealBundle(d.dealerIndex(), d.commits(), deals, d.sessionId(),
                        schnorr.sign(secret, unsigned.hash(), random));
                System.out.println("cheater: deal for member " + victim.index() + " replaced, bundle re-signed");
            }
            return forged;
        }
    }
}
