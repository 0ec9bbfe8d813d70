package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's own rules at start and on its timers, on a fake transport and a fake clock. */
@Timeout(30)
class DkgProcessTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Participant A = new Participant("a.example:4444", Hex.decode("aa"), Hex.decode("01"));

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(T0);

    private static final DkgNetwork SILENT = new SilentDkgNetwork();

    private static final BeaconHandoff NO_HANDOFF = new BeaconHandoff() {
        @Override
        public void completed(String beaconId, Group group, KeyShare share, int epoch) { }

        @Override
        public void left(String beaconId, long transitionTime) { }
    };

    private DkgProcess process(DkgObserver observer) {
        return new DkgProcess(dir, new Bls(BlsBackends.blst()), clock, SILENT, NO_HANDOFF, DkgProcess.Timeouts.DRAND,
                new SecureRandom(), observer);
    }

    private DkgProcess process() {
        return new DkgProcess(dir, new Bls(BlsBackends.blst()), clock, SILENT, NO_HANDOFF, DkgProcess.Timeouts.DRAND,
                new SecureRandom());
    }

    private void stored(DkgState state) throws Exception {
        DkgEntry e = new DkgEntry("default", state, 1, 1, T0.plusSeconds(60), T0.plusSeconds(3600), new byte[0], 0, 3,
                1, "pedersen-bls-chained", A, List.of(), List.of(A), List.of(), List.of(), List.of(), List.of(),
                state == DkgState.EXECUTING ? T0 : null, null, "");
        new DkgStateFile(dir).save(Map.of("default", new DkgStateFile.Entries(e, null)));
    }

    @Test
    void aCeremonyExecutingWhenTheNodeStoppedIsFailedAtStart() throws Exception {
        stored(DkgState.EXECUTING);
        try (DkgProcess p = process().start()) {
            DkgEntry cur = p.status("default").current();
            assertThat(cur.state()).isEqualTo(DkgState.FAILED);
            assertThat(cur.error()).contains("restarted during the execution of epoch 1");
        }
        assertThat(new DkgStateFile(dir).load().get("default").current().state()).isEqualTo(DkgState.FAILED);
    }

    @Test
    void aPendingProposalTimesOutAtItsTimeoutAfterARestart() throws Exception {
        stored(DkgState.PROPOSED);
        try (DkgProcess p = process().start()) {
            clock.advance(Duration.ofSeconds(59));
            assertThat(p.status("default").current().state()).isEqualTo(DkgState.PROPOSED);
            clock.advance(Duration.ofSeconds(1));
            // the timer hands the change to the owner thread; status queues behind it
            DkgEntry cur = p.status("default").current();
            assertThat(cur.state()).isEqualTo(DkgState.TIMED_OUT);
            assertThat(cur.error()).contains("proposal timeout");
        }
    }

    @Test
    void everyRecordedStateIsToldToTheObserverAtLoadAndOnChange() throws Exception {
        stored(DkgState.PROPOSED);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        DkgProcess p = process((id, state, epoch, leader, at) -> seen.add(id + " " + state + " " + epoch + " " + leader
                + " " + at));
        try (p) {
            p.start();
            // no key pair in the folder: this node cannot be the leader
            assertThat(seen).containsExactly("default PROPOSED 1 false " + T0);
            clock.advance(Duration.ofSeconds(60));
            p.status("default"); // queued behind the timeout's change on the owner thread
            assertThat(seen).containsExactly("default PROPOSED 1 false " + T0,
                    "default TIMED_OUT 1 false " + T0.plusSeconds(60));
        }
    }

    @Test
    void theObserverIsToldWhenThisNodeLeadsTheCeremony() throws Exception {
        Bls bls = new Bls(BlsBackends.blst());
        org.jdrand.node.key.KeyPair pair = org.jdrand.node.key.KeyPair.generate(bls,
                org.jdrand.crypto.Scheme.BLS_UNCHAINED_G1_RFC9380, "127.0.0.1:4444", new SecureRandom());
        new org.jdrand.node.key.KeyStore(dir, "default", bls).saveKeyPair(pair);
        DkgEntry e = new DkgEntry("default", DkgState.PROPOSING, 2, 1, T0.plusSeconds(60), T0.plusSeconds(3600),
                new byte[0], 0, 3, 1, "bls-unchained-g1-rfc9380", NodeKeys.me(pair), List.of(), List.of(A), List.of(),
                List.of(), List.of(), List.of(), null, null, "");
        new DkgStateFile(dir).save(Map.of("default", new DkgStateFile.Entries(e, null)));
        List<Boolean> leader = new java.util.concurrent.CopyOnWriteArrayList<>();
        DkgProcess p = process((id, state, epoch, lead, at) -> leader.add(lead));
        try (p) {
            p.start();
            assertThat(leader).containsExactly(true);
        }
    }
}
