package org.jdrand.node.daemon;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.grpc.PartialPathWarmup;
import org.jdrand.node.http.HeldRequestWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a round's path once, on a low-priority thread, when the daemon first runs a beacon it is
 * a member of: at start for a node that has a group, right after the DKG for a new one (before
 * genesis). First the partials' gRPC path ({@link PartialPathWarmup}), then, when the node serves
 * HTTP, the held requests' path ({@link HeldRequestWarmup}). A follower, which sends no partials,
 * never does. {@value #CALLS_PROPERTY}{@code =0} turns it off.
 */
public final class RoundPathWarmup implements BeaconSupervisor.Listener {
    /** Partials sent, and held HTTP requests answered, by the warm-up; 0 turns it off. */
    public static final String CALLS_PROPERTY = "jdrand.warmup.calls";
    /**
     * Partials, and held HTTP requests, in each path's first burst: enough for the paths' methods
     * to be profiled and most to pass C2's thresholds (5,000 invocations or loops); the paced
     * calls after it get the rest compiled ({@link WarmupPacing}).
     */
    static final int DEFAULT_CALLS = 4_000;
    private static final long TIMEOUT_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(RoundPathWarmup.class);

    private final int calls;
    private final boolean http;
    private final AtomicBoolean started = new AtomicBoolean();

    RoundPathWarmup(int calls, boolean http) {
        this.calls = calls;
        this.http = http;
    }

    /**
     * Watches {@code supervisor} for the daemon's lifetime (nothing when turned off); {@code http}:
     * the node serves the public HTTP API.
     */
    public static void watch(BeaconSupervisor supervisor, boolean http) {
        int calls = DEFAULT_CALLS;
        String value = System.getProperty(CALLS_PROPERTY, Integer.toString(DEFAULT_CALLS)).trim();
        try {
            calls = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            LOG.warn("warm-up: -D{} is not a number ({}): {} partials", CALLS_PROPERTY, value, DEFAULT_CALLS);
        }
        if (calls <= 0) {
            return;
        }
        RoundPathWarmup warmup = new RoundPathWarmup(calls, http);
        supervisor.subscribe(warmup);
        warmup.beaconsChanged(supervisor.beacons()); // the beacons loaded at start
    }

    @Override
    public void beaconsChanged(Collection<BeaconProcess> running) {
        Optional<ChainInfo> member = running.stream().filter(p -> p.self().isPresent())
                .map(BeaconProcess::info).findFirst();
        if (member.isEmpty() || !started.compareAndSet(false, true)) {
            return;
        }
        ChainInfo info = member.get();
        Thread t = new Thread(() -> run(info), "jdrand-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // below the rounds' threads (the launcher maps it to nice 10)
        t.start();
    }

    private void run(ChainInfo info) {
        try {
            // each path paced on its own: the JIT settles after its burst (WarmupPacing)
            WarmupPacing partials = WarmupPacing.ofThisJvm(calls);
            PartialPathWarmup.Result r = PartialPathWarmup.run(partials.bound(), partials, info.scheme().partialSize(),
                    info.scheme().signatureSize(), TIMEOUT_MILLIS);
            LOG.info("warm-up: {} of {} partials through a loopback gRPC server in {} ms (a burst of {}, then {} of {} "
                    + "while the JIT settled: the round path compiled before the rounds need it; -D{}=0 turns it off)",
                    r.answered(), r.sent(), r.nanos() / 1_000_000, calls, partials.settles(), WarmupPacing.settleBurst(calls),
                    CALLS_PROPERTY);
            if (http) {
                WarmupPacing requests = WarmupPacing.ofThisJvm(calls);
                HeldRequestWarmup.Result h = HeldRequestWarmup.run(info, requests.bound(), requests, TIMEOUT_MILLIS);
                LOG.info("warm-up: {} of {} held HTTP requests through a loopback HTTP server in {} ms (a burst of {}, "
                        + "then {} of {} while the JIT settled)", h.answered(), h.requests(), h.nanos() / 1_000_000, calls,
                        requests.settles(), WarmupPacing.settleBurst(calls));
            }
        } catch (Exception | LinkageError e) {
            // an optimisation only: the node runs the same without it
            LOG.warn("warm-up skipped: {}", e.toString());
        }
    }
}
