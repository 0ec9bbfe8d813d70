package org.jdrand.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.engine.EngineObserver;
import org.jdrand.node.http.PrometheusHttpObserver;

/**
 * The Prometheus registry of one daemon with drand's metric names and labels
 * (node-protocol.md §7, drand internal/metrics/metrics.go).
 *
 * <p>Differences from drand (docs/METRICS.md): besides drand's {@code beacon_discrepancy_latency}
 * gauge (last value) a histogram {@code beacon_discrepancy_latency_ms} keeps every beacon's delay;
 * client_java 1.x writes counter samples with a {@code _total} suffix ({@code error_sending_partial_total},
 * {@code dial_failures_total}, {@code http_call_counter_total}). Per-beacon gauges and the peers'
 * connection states are read from the daemon at scrape time.
 */
public final class NodeMetrics implements EngineObserver {
    /** Buckets of beacon_discrepancy_latency in milliseconds: round boundary to stored beacon. */
    static final double[] LATENCY_BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram latency;
    private final Gauge lastLatency;
    private final Counter partialErrors;
    private final Counter dialFailures;
    private final Counter partialRejected;
    private final Counter syncRejected;
    private final Counter oversized;
    private final PrometheusHttpObserver httpObserver;

    /**
     * @param beacons        the beacons of the daemon, read at each scrape
     * @param startEpochSec  when the daemon started (drand_start_timestamp)
     * @param version        node version advertised (drand_build_time's version label)
     * @param build          build identifier (drand_build_time's build label)
     * @param buildEpochSec  build time in seconds, 0 when unknown (drand_build_time's value)
     */
    public NodeMetrics(Supplier<? extends Collection<BeaconStats>> beacons, long startEpochSec, String version,
            String build, long buildEpochSec) {
        this(beacons, null, startEpochSec, version, build, buildEpochSec);
    }

    /** @param connections peers with a connected channel (outgoing_group_connections); null: not exported */
    public NodeMetrics(Supplier<? extends Collection<BeaconStats>> beacons, IntSupplier connections,
            long startEpochSec, String version, String build, long buildEpochSec) {
        Objects.requireNonNull(beacons);
        dialFailures = Counter.builder().name("dial_failures").help("Number of times there is a failed dialing")
                .labelNames("peer_address").register(registry);
        if (connections != null) {
            GaugeWithCallback.builder().name("outgoing_group_connections")
                    .help("Number of peers with an open outgoing connection")
                    .callback(cb -> cb.call(connections.getAsInt())).register(registry);
        }
        // drand's gauge of the last value, for its dashboards; our histogram beside it, for percentiles
        lastLatency = Gauge.builder().name("beacon_discrepancy_latency")
                .help("Discrepancy between beacon creation time and calculated round time (ms, last beacon)")
                .labelNames("beacon_id").register(registry);
        latency = Histogram.builder().name("beacon_discrepancy_latency_ms")
                .help("Discrepancy between beacon creation time and time stored (in ms), every beacon")
                .labelNames("beacon_id").classicUpperBounds(LATENCY_BUCKETS_MS).classicOnly()
                .register(registry);
        partialErrors = Counter.builder().name("error_sending_partial")
                .help("Number of errors sending partial beacons to nodes")
                .labelNames("beaconID", "address").register(registry);
        // jdrand only: what peers sent that was refused (docs/METRICS.md)
        partialRejected = Counter.builder().name("partial_rejected")
                .help("Peers' partial beacons refused or dropped, by reason")
                .labelNames("beacon_id", "reason").register(registry);
        syncRejected = Counter.builder().name("sync_rejected")
                .help("Sync streams from peers abandoned because of what they sent, by reason")
                .labelNames("beacon_id", "reason").register(registry);
        oversized = Counter.builder().name("grpc_oversized_message")
                .help("Messages refused by the private gRPC server for exceeding its size limit, by method")
                .labelNames("grpc_method").register(registry);
        GaugeWithCallback.builder().name("last_beacon_round").help("Last locally stored beacon")
                .labelNames("beacon_id")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.lastRound(), b.beaconId())))
                .register(registry);
        GaugeWithCallback.builder().name("group_size").help("Number of peers in the current group")
                .labelNames("beacon_id")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.groupSize(), b.beaconId())))
                .register(registry);
        GaugeWithCallback.builder().name("group_threshold").help("Number of shares needed for beacon reconstruction")
                .labelNames("beacon_id")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.threshold(), b.beaconId())))
                .register(registry);
        GaugeWithCallback.builder().name("drand_node_db")
                .help("The database type: 1 embedded trimmed (SQLite here), 2 postgres, 3 memdb")
                .labelNames("beaconID", "db_type")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.dbCode(), b.beaconId(), b.dbType())))
                .register(registry);
        Gauge.builder().name("is_drand_node").help("1 iff this is a drand node").register(registry).set(1);
        Gauge.builder().name("drand_start_timestamp").help("Timestamp when the node started")
                .register(registry).set(startEpochSec);
        // untyped, as drand's (client_java has no untyped metric builder: a collector of an unknown-type snapshot)
        UnknownSnapshot buildTime = UnknownSnapshot.builder().name("drand_build_time")
                .help("Timestamp when the binary was built in seconds since the Epoch")
                .dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder()
                        .labels(Labels.of("build", build, "version", version)).value(buildEpochSec).build())
                .build();
        registry.register(() -> buildTime);
        httpObserver = new PrometheusHttpObserver(registry);
    }

    /** The metrics of a daemon's beacons, plus client_java's JVM and process metrics (jvm_*, process_*). */
    public static NodeMetrics forDaemon(Daemon daemon, long startEpochSec, String version, String build,
            long buildEpochSec) {
        NodeMetrics m = new NodeMetrics(() -> daemon.beacons().stream().map(BeaconStats::of).toList(),
                daemon::outgoingConnections, startEpochSec, version, build, buildEpochSec);
        JvmMetrics.builder().register(m.registry);
        m.connectionStates(daemon::peerConnectionStates);
        return m;
    }

    /** outgoing_connection_state{remote_host}: each dialled peer's channel state (drand's numbering), read at scrape time. */
    public void connectionStates(Supplier<java.util.Map<String, Integer>> states) {
        GaugeWithCallback.builder().name("outgoing_connection_state")
                .help("State of an outgoing connection. 0=Idle, 1=Connecting, 2=Ready, 3=Transient Failure, 4=Shutdown")
                .labelNames("remote_host")
                .callback(cb -> states.get().forEach((host, state) -> cb.call(state, host)))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** http_* metrics of the public HTTP API, on this registry. */
    public PrometheusHttpObserver httpObserver() {
        return httpObserver;
    }

    @Override
    public void beaconProduced(String beaconId, long round, long latencyMillis) {
        latency.labelValues(beaconId).observe(Math.max(0, latencyMillis));
        lastLatency.labelValues(beaconId).set(latencyMillis);
    }

    @Override
    public void partialSendFailed(String beaconId, String peer) {
        partialErrors.labelValues(beaconId, peer).inc();
    }

    @Override
    public void dialFailed(String peer) {
        dialFailures.labelValues(peer).inc();
    }

    @Override
    public void partialRejected(String beaconId, String reason) {
        partialRejected.labelValues(beaconId, reason).inc();
    }

    @Override
    public void syncRejected(String beaconId, String reason) {
        syncRejected.labelValues(beaconId, reason).inc();
    }

    @Override
    public void oversizedMessage(String grpcMethod) {
        oversized.labelValues(grpcMethod).inc();
    }

    /** The whole registry in the Prometheus text format (version 0.0.4). */
    public byte[] scrapeText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
