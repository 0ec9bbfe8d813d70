package org.jdrand.systest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libfaketime ({@code apt-get install faketime}) preloaded into a daemon: its wall clock
 * ({@code clock_gettime(CLOCK_REALTIME)}, hence {@code Instant.now()}) runs at a fixed offset
 * from the machine's. libfaketime shifts the monotonic clock too, which changes no interval; with
 * {@code DONT_FAKE_MONOTONIC=1} the JVM hung at start-up here (libfaketime 0.9.10: its
 * {@code pthread_cond_timedwait} converts the JVM's monotonic deadlines as if they were faked).
 */
final class Faketime {
    private static final List<String> PLACES = List.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
            "/usr/local/lib/faketime/libfaketime.so.1");

    private Faketime() {
    }

    static Optional<Path> library() {
        return PLACES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
    }

    /** The environment that shifts a process's wall clock by {@code seconds} (either sign). */
    static Map<String, String> offset(Path library, long seconds) {
        return Map.of("LD_PRELOAD", library.toString(), "FAKETIME", (seconds < 0 ? "-" : "+") + Math.abs(seconds) + "s");
    }
}
