package org.jdrand.node.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.jdrand.node.engine.EngineObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks this run's ahead-of-time training (the launcher's -XX:AOTMode=record on JDK 25+) as worth a
 * cache once the daemon has produced enough beacons for the JIT to have profiled the round's code:
 * the launcher builds the cache at the next start only from a marked training, so a run that never
 * reached a round (a DKG that failed, a quick stop) trains nothing. The marker's path comes from the
 * launcher ({@value #MARKER_PROPERTY}); without it this does nothing.
 */
public final class AotTrainingMark implements EngineObserver {
    /** The marker file to create; set by deploy/bin/jdrand in a recording run only. */
    public static final String MARKER_PROPERTY = "jdrand.aot.trained";
    /** Beacons to produce before marking (tests lower it). */
    public static final String AFTER_PROPERTY = "jdrand.aot.trainedAfter";
    /** 2 minutes of 1 s rounds, 6 of quicknet's 3 s, an hour of 30 s. */
    static final long DEFAULT_AFTER = 120;
    private static final Logger LOG = LoggerFactory.getLogger(AotTrainingMark.class);

    private final Path marker;
    private final AtomicLong remaining;
    private final Executor writer;

    /** @param writer where the marker is written: not the engine thread, which must not block */
    AotTrainingMark(Path marker, long after, Executor writer) {
        this.marker = marker;
        this.remaining = new AtomicLong(after);
        this.writer = writer;
        if (after <= 0) {
            mark(0);
        }
    }

    /**
     * Watches the supervisor's beacons when the launcher asked for a marker; closing the result
     * stops watching (nothing to close otherwise).
     */
    public static AutoCloseable watch(BeaconSupervisor supervisor) {
        String path = System.getProperty(MARKER_PROPERTY, "");
        if (path.isBlank()) {
            return () -> { };
        }
        long after = DEFAULT_AFTER;
        try {
            after = Long.parseLong(System.getProperty(AFTER_PROPERTY, Long.toString(DEFAULT_AFTER)).trim());
        } catch (NumberFormatException e) {
            LOG.warn("aot training: -D{} is not a number ({}): {} beacons", AFTER_PROPERTY,
                    System.getProperty(AFTER_PROPERTY), DEFAULT_AFTER);
        }
        return supervisor.observe(new AotTrainingMark(Path.of(path), after, ForkJoinPool.commonPool()));
    }

    @Override
    public void beaconProduced(String beaconId, long round, long latencyMillis) {
        if (remaining.get() > 0 && remaining.decrementAndGet() == 0) {
            writer.execute(() -> mark(round));
        }
    }

    private void mark(long round) {
        try {
            Files.writeString(marker, "trained: beacons produced up to round " + round + "\n");
            LOG.info("aot training: enough beacons produced; the next start builds the ahead-of-time cache marker={}", marker);
        } catch (IOException e) {
            LOG.warn("aot training: cannot write the marker {}: {} (the next start trains again)", marker, e.toString());
        }
    }
}
