package org.jdrand.systest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.node.dkg.BeaconHandoff;
import org.jdrand.node.dkg.DkgNetwork;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.grpc.dkg.DkgWire;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.PartialBeaconPacket;

/**
 * The protobuf messages a node accepts from its peers, fuzzed through the node's own layer: the
 * parse, then what the node does with the message (partials: index and signature checks of the
 * round engine's crypto; beacons from sync: mapping and verification; chain info and group
 * packets: mapping and validation; DKG gossip and echo broadcasts: a real {@link DkgProcess},
 * which decodes, checks signatures and rejects). Allowed outcomes: accepted, or refused with the
 * parser's or the node's own exception; anything else is a finding. Regression inputs under
 * {@code src/test/resources/org/jdrand/systest/fuzz/WireFuzzTestInputs/<target>/}.
 */
class WireFuzzTest {
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final BlsBackend BACKEND = BlsBackends.bouncyCastle();
    private static final PriPoly POLY = PriPoly.random(3, seeded());
    private static final ThresholdBeaconCrypto CRYPTO = new ThresholdBeaconCrypto(BACKEND, SCHEME,
            POLY.commit(BACKEND, SCHEME.keyGroup()).commits().stream().map(Point::toBytes).toList(), 5, POLY.share(1));
    private static final BeaconVerifier VERIFIER = new BeaconVerifier(BACKEND, SCHEME,
            POLY.commit(BACKEND, SCHEME.keyGroup()).commit().toBytes());
    private static final DkgProcess DKG = dkg();

    private static SecureRandom seeded() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(13);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node's DKG process with a key pair and no ceremony, whose sends go nowhere. */
    private static DkgProcess dkg() {
        try {
            Path folder = Files.createTempDirectory("jdrand-fuzz-dkg");
            folder.toFile().deleteOnExit();
            Bls bls = new Bls(BACKEND);
            new KeyStore(folder, KeyStore.DEFAULT_BEACON_ID, bls)
                    .saveKeyPair(KeyPair.generate(bls, SCHEME, "127.0.0.1:1", seeded()));
            DkgNetwork nowhere = new DkgNetwork() {
                @Override
                public void packet(String address, org.jdrand.node.dkg.GossipMessage packet) throws Exception {
                    throw new IOException("fuzz: no network");
                }

                @Override
                public java.util.concurrent.CompletableFuture<Void> broadcast(String address, String beaconId,
                        org.jdrand.dkg.DkgBundle bundle) {
                    return java.util.concurrent.CompletableFuture.failedFuture(new IOException("fuzz: no network"));
                }

                @Override
                public String copyKey(String beaconId, org.jdrand.dkg.DkgBundle bundle) {
                    return DkgWire.copyKey(beaconId, DkgWire.toProto(bundle, beaconId).getDkg());
                }
            };
            BeaconHandoff none = new BeaconHandoff() {
                @Override
                public void completed(String beaconId, Group group, KeyShare share, int epoch) {
                }

                @Override
                public void left(String beaconId, long transitionTime) {
                }
            };
            return new DkgProcess(folder, bls, new SystemScheduler(InstantSource.system()), nowhere, none,
                    new DkgProcess.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)), seeded()).start();
        } catch (IOException | org.jdrand.node.key.KeyFileException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** drand.Protocol/PartialBeacon: the partial's index and signature, as the round engine checks them. */
    @FuzzTest(maxDuration = "30s")
    void partialBeacon(byte[] data) {
        PartialBeaconPacket p;
        try {
            p = PartialBeaconPacket.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        byte[] partial = p.getPartialSig().toByteArray();
        int index = CRYPTO.indexOf(partial);
        boolean valid = CRYPTO.verifyPartial(SCHEME.digest(p.getPreviousSignature().toByteArray(), p.getRound()), partial);
        assertThat(!valid || (index >= 0 && index < 5)).as("a valid partial has a group index").isTrue();
    }

    /** drand.Protocol/SyncChain and drand.Public replies: a beacon as sync maps and verifies it. */
    @FuzzTest(maxDuration = "30s")
    void beaconPacket(byte[] data) {
        try {
            Beacon b = ProtoMapper.fromBeaconPacket(BeaconPacket.parseFrom(data));
            VERIFIER.isValid(b);
            VERIFIER.invalidRounds(List.of(b));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    /** drand.Public/ChainInfo replies, as follow and the relay map them (the hash must match the fields). */
    @FuzzTest(maxDuration = "30s")
    void chainInfoPacket(byte[] data) {
        try {
            ChainInfo info = ProtoMapper.fromChainInfo(ChainInfoPacket.parseFrom(data));
            assertThat(ProtoMapper.fromChainInfo(ProtoMapper.toChainInfo(info, ProtoMapper.metadata(info.beaconId()))))
                    .isEqualTo(info);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    /** drand.Control/GroupFile and the DKG's group packets. */
    @FuzzTest(maxDuration = "30s")
    void groupPacket(byte[] data) {
        try {
            ProtoMapper.fromGroup(GroupPacket.parseFrom(data), BACKEND);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    /** dkg.DKGPublic/Packet: proposals, accepts, executes... as gossip, mapped as the adapter does, through a real DkgProcess. */
    @FuzzTest(maxDuration = "30s")
    void dkgGossip(byte[] data) {
        try {
            GossipPacket p = GossipPacket.parseFrom(data);
            if (p.getPacketCase() == GossipPacket.PacketCase.DKG) {
                bundle(p.getDkg());
            } else {
                DKG.packet(DkgWire.gossip(p));
            }
        } catch (InvalidProtocolBufferException | IllegalArgumentException | DkgProcess.DkgException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    /** dkg.DKGPublic/BroadcastDKG: deal, response and justification bundles, through a real DkgProcess. */
    @FuzzTest(maxDuration = "30s")
    void dkgBroadcast(byte[] data) {
        try {
            bundle(DKGPacket.parseFrom(data));
        } catch (InvalidProtocolBufferException | DkgProcess.DkgException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    /** As DkgPublicService: the copy key from the bytes, the bundle decoded only on first sight. */
    private static void bundle(DKGPacket packet) throws DkgProcess.DkgException {
        String id = packet.getDkg().getMetadata().getBeaconID();
        DKG.broadcast(id, DkgWire.copyKey(org.jdrand.crypto.chain.ChainInfo.normaliseBeaconId(id), packet.getDkg()),
                () -> DkgWire.bundle(packet.getDkg()));
    }
}
