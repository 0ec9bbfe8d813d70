package org.jdrand.node.assembly;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.store.StoreConfig;
import org.jdrand.node.tls.TlsConfig;

/**
 * Everything {@code jdrand start} was told, validated once: the node is built from it and nothing
 * changes it afterwards.
 *
 * @param folder              base folder (drand's --folder): keys, groups, shares, chain stores
 * @param beaconId            run only this beacon ID; null: every one found under the folder
 * @param privateListen       host:port of the node-to-node gRPC listener
 * @param publicListen        host:port of the public HTTP API; null: no HTTP API
 * @param httpIoThreads       event-loop threads of the HTTP API (0: Netty's choice)
 * @param control             control port (or host:port), always bound on 127.0.0.1
 * @param metrics             [host:]port of the Prometheus listener; null: none
 * @param stores              the chain store of each beacon (--db)
 * @param tls                 TLS between nodes, or plaintext
 * @param dkgTimeouts         the DKG's phase timeout and kickoff grace
 * @param disableVersionCheck drand's DISABLE_VERSION_CHECK=1
 */
public record NodeConfig(Path folder, String beaconId, String privateListen, String publicListen, int httpIoThreads,
        String control, String metrics, StoreConfig stores, TlsConfig tls, DkgProcess.Timeouts dkgTimeouts,
        boolean disableVersionCheck) {
    public NodeConfig {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(privateListen, "privateListen");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(dkgTimeouts, "dkgTimeouts");
        if (httpIoThreads < 0) {
            throw new IllegalArgumentException(
                    "--http-io-threads " + httpIoThreads + " (expected 0 for Netty's choice, or more)");
        }
        publicListen = blankToNull(publicListen);
        metrics = blankToNull(metrics);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The DKG's default timing (drand's: 10 s phases, 5 s kickoff grace). */
    public static DkgProcess.Timeouts defaultDkgTimeouts() {
        return new DkgProcess.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
