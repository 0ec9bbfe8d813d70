package org.jdrand.node.dkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.daemon.BeaconSetup;
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.engine.BeaconListener;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the beacon side of ceremonies through the node's {@link BeaconSupervisor}: starts a beacon from the group and
 * share on disk, starts it at genesis after a first DKG, switches a running beacon to the new
 * group once round transition−1 is stored (reshare), starts joiners in catch-up mode, and stops
 * leavers just before the transition, deleting their share and group.
 */
public final class DaemonBeacons implements BeaconHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonBeacons.class);

    /** Opens the chain store of a beacon (SQLite by default). */
    @FunctionalInterface
    public interface StoreOpener {
        ChainStore open(KeyStore keys, Group group) throws StoreException;
    }

    private final BeaconSupervisor supervisor;
    private final Path folder;
    private final Bls bls;
    private final Scheduler scheduler;
    private final StoreOpener stores;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jdrand-transition");
        t.setDaemon(true);
        return t;
    });

    public DaemonBeacons(BeaconSupervisor supervisor, Path folder, Bls bls, Scheduler scheduler, StoreOpener stores) {
        this.supervisor = supervisor;
        this.folder = folder;
        this.bls = bls;
        this.scheduler = scheduler;
        this.stores = stores;
    }

    @Override
    public void completed(String beaconId, Group group, KeyShare share, int epoch) {
        worker.execute(() -> {
            try {
                KeyStore ks = new KeyStore(folder, beaconId, bls);
                Optional<BeaconProcess> running = supervisor.byId(beaconId);
                if (running.isEmpty()) {
                    // first epoch, or a joiner. hook (demo): always CATCHUP, which before genesis ticks
                    // from round 1 exactly as START does; START chosen here raced with the engine's own
                    // genesis check when the DKG ended just before genesis on a loaded machine (3 of 5
                    // demo nodes were left without a beacon: "genesis has passed: use catch-up mode")
                    launch(ks, group, share, StartMode.CATCHUP, false);
                    return;
                }
                scheduleTransition(ks, running.get(), group, share);
            } catch (Exception e) {
                LOG.error("beacon start after dkg failed id={} error={}", beaconId, e.getMessage(), e);
            }
        });
    }

    /** A remainer switches group and share right after round transition−1 is stored. */
    private void scheduleTransition(KeyStore ks, BeaconProcess old, Group group, KeyShare share) {
        long transitionRound = group.chainInfo().currentRound(group.transitionTime());
        AtomicBoolean switched = new AtomicBoolean();
        Runnable doSwitch = () -> worker.execute(() -> {
            if (!switched.compareAndSet(false, true)) {
                return;
            }
            try {
                LOG.info("reshare transition id={} round={} last={}", ks.beaconId(), transitionRound,
                        old.engine().lastRound());
                launch(ks, group, share, StartMode.CATCHUP, true);
            } catch (Exception e) {
                LOG.error("reshare transition failed id={} error={}", ks.beaconId(), e.getMessage(), e);
            }
        });
        BeaconListener l = (Beacon b) -> {
            if (b.round() >= transitionRound - 1) {
                doSwitch.run();
            }
        };
        old.engine().addListener(l);
        if (old.engine().lastRound() >= transitionRound - 1) {
            doSwitch.run();
        }
        // if the old group stalls, switch at the transition time anyway
        scheduler.schedule(Instant.ofEpochSecond(group.transitionTime()), doSwitch);
        LOG.info("reshare transition scheduled id={} round={} time={}", ks.beaconId(), transitionRound,
                group.transitionTime());
    }

    @Override
    public void left(String beaconId, long transitionTime) {
        scheduler.schedule(Instant.ofEpochSecond(transitionTime).minusSeconds(1), () -> worker.execute(() -> {
            supervisor.stop(beaconId);
            KeyStore ks = new KeyStore(folder, beaconId, bls);
            for (Path p : List.of(ks.shareFile(), ks.groupFile())) {
                try {
                    Files.deleteIfExists(p);
                } catch (Exception e) {
                    LOG.warn("leaver cleanup failed file={} error={}", p, e.getMessage());
                }
            }
            LOG.info("left the group id={} transition={}: beacon stopped, share and group deleted", beaconId,
                    transitionTime);
        }));
    }

    /** @param replacing a reshare transition: the running process gives way to the new group's */
    private void launch(KeyStore ks, Group group, KeyShare share, StartMode mode, boolean replacing)
            throws StoreException, KeyFileException {
        KeyPair kp = ks.loadKeyPair();
        Group.Member self = group.member(kp.identity().address()).orElse(null);
        PriShare pri = self == null ? null : new PriShare(share.index(), share.share());
        if (replacing) {
            supervisor.replace(ks.beaconId(), () -> new BeaconSetup(group, self, pri, stores.open(ks, group), mode));
        } else {
            supervisor.start(new BeaconSetup(group, self, pri, stores.open(ks, group), mode));
        }
        LOG.info("beacon launched id={} mode={} index={} n={} t={}", ks.beaconId(), mode,
                self == null ? -1 : self.index(), group.size(), group.threshold());
    }

    public void close() {
        worker.shutdownNow();
    }
}
