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
import org.jdrand.node.daemon.BeaconSupervisor;
import org.jdrand.node.engine.EngineObserver;
import org.jdrand.node.http.PrometheusHttpObserver;

/**
 * The Prometheus registry of one daemon with drand's metric names and labels
 * (node-protocol.md §7, drand internal/metrics/metrics.go).
 *
 * <p>Differences from drand (docs/METRICS.md): besides drand's {@code beacon_discrepancy_latency}
 * gauge (last value) a histogram {@code beacon_discrepancy_latency_ms} keeps every beacon's delay;
 * jdrand's own clock skew gauges. drand's counters are written under drand's plain names, without
 * client_java's {@code _total} ({@link DrandTextFormat}). Per-beacon gauges, the peers' connection
 * states and clock offsets are read from the daemon at scrape time.
 */
public final class NodeMetrics implements EngineObserver, org.jdrand.node.dkg.DkgObserver {
    /** drand's counters, written under drand's plain names (no {@code _total}; see {@link DrandTextFormat}). */
    static final java.util.Set<String> DRAND_COUNTERS = java.util.Set.of("dial_failures", "http_call_counter",
            "api_call_counter");

    /** Buckets of beacon_discrepancy_latency in milliseconds: round boundary to stored beacon. */
    static final double[] LATENCY_BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram latency;
    private final Gauge lastLatency;
    private final Gauge partialErrors;
    private final Gauge dkgState;
    private final Gauge dkgEpoch;
    private final Gauge dkgLeader;
    private final Gauge dkgStateTimestamp;
    private final Gauge reshareState;
    private final Gauge reshareLeader;
    private final Gauge reshareStateTimestamp;
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
        // a gauge in drand since 2024: 1 when the last partial sent to the address failed, 0 when it went through
        partialErrors = Gauge.builder().name("error_sending_partial")
                .help("Number of errors sending partial beacons to nodes. A good proxy for whether nodes are up or down. "
                        + "1 = Error occurred, 0 = No error occurred")
                .labelNames("beaconID", "address").register(registry);
        // drand's DKGStateChange: dkg_state holds the ceremony's state number (0 Fresh .. 11 Failed, dkg.md §8)
        dkgEpoch = Gauge.builder().name("dkg_epoch").help("The epoch of any currently in progress or completed DKGs")
                .labelNames("beacon_id").register(registry);
        dkgState = Gauge.builder().name("dkg_state")
                .help("DKG state: 0 Fresh, 1 Proposed, 2 Proposing, 3 Accepted, 4 Rejected, 5 Aborted, 6 Executing, "
                        + "7 Complete, 8 TimedOut, 9 Joined, 10 Left, 11 Failed")
                .labelNames("beacon_id").register(registry);
        dkgStateTimestamp = Gauge.builder().name("dkg_state_timestamp").help("Timestamp when the DKG state last changed")
                .labelNames("beacon_id").register(registry);
        dkgLeader = Gauge.builder().name("dkg_leader").help("Is this node the leader during DKG? 0-false, 1-true")
                .labelNames("beacon_id").register(registry);
        // drand v2 registers reshare_* but no longer sets them; drand v1.5's meaning, for ceremonies of epoch > 1
        reshareState = Gauge.builder().name("reshare_state")
                .help("Reshare state: 0-Idle, 1-Waiting, 2-In Progress, 3-Unknown, 4-Shutdown")
                .labelNames("beacon_id").register(registry);
        reshareStateTimestamp = Gauge.builder().name("reshare_state_timestamp")
                .help("Timestamp when the reshare state last changed").labelNames("beacon_id").register(registry);
        reshareLeader = Gauge.builder().name("reshare_leader")
                .help("Is this node the leader during Reshare? 0-false, 1-true").labelNames("beacon_id")
                .register(registry);
        // drand's callback store: one callback (and one job) per consumer of new beacons; here the engine's listeners
        GaugeWithCallback.builder().name("sync_total_callbacks").help("The number of currently active callbacks")
                .labelNames("beacon_id")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.callbacks(), b.beaconId())))
                .register(registry);
        GaugeWithCallback.builder().name("sync_total_jobs").help("The number of currently active jobs")
                .labelNames("beacon_id")
                .callback(cb -> beacons.get().forEach(b -> cb.call(b.callbacks(), b.beaconId())))
                .register(registry);
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

    /**
     * The metrics of a node's beacons and peer channels, plus client_java's JVM and process metrics
     * (jvm_*, process_*); subscribed to the supervisor's engine and peer events.
     */
    public static NodeMetrics forNode(BeaconSupervisor supervisor, long startEpochSec, String version, String build,
            long buildEpochSec) {
        NodeMetrics m = new NodeMetrics(() -> supervisor.beacons().stream().map(BeaconStats::of).toList(),
                supervisor.channels()::connectedCount, startEpochSec, version, build, buildEpochSec);
        JvmMetrics.builder().register(m.registry);
        m.connectionStates(supervisor.channels()::states);
        supervisor.observe(m);
        return m;
    }

    /**
     * jdrand_peer_clock_skew_seconds{peer} (peer clock minus ours, per jdrand peer) and
     * jdrand_clock_skew_seconds (their median; positive: our clock is behind), read at scrape time.
     */
    public void clockSkew(org.jdrand.node.grpc.ClockSkew skew) {
        GaugeWithCallback.builder().name("jdrand_peer_clock_skew_seconds")
                .help("Peer clock minus local clock in seconds, estimated from the periodic Status exchange")
                .labelNames("peer")
                .callback(cb -> skew.peers().forEach((peer, s) -> cb.call(s, peer)))
                .register(registry);
        GaugeWithCallback.builder().name("jdrand_clock_skew_seconds")
                .help("Median over peers of peer clock minus local clock in seconds (positive: local clock behind)")
                .callback(cb -> skew.median().ifPresent(cb::call))
                .register(registry);
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
        partialErrors.labelValues(beaconId, peer).set(1);
    }

    @Override
    public void partialSent(String beaconId, String peer) {
        partialErrors.labelValues(beaconId, peer).set(0);
    }

    @Override
    public void stateChanged(String beaconId, org.jdrand.dkg.ceremony.DkgState state, int epoch, boolean leader,
            java.time.Instant at) {
        double seconds = at.toEpochMilli() / 1000.0;
        dkgEpoch.labelValues(beaconId).set(epoch);
        dkgState.labelValues(beaconId).set(state.number());
        dkgStateTimestamp.labelValues(beaconId).set(seconds);
        dkgLeader.labelValues(beaconId).set(leader ? 1 : 0);
        reshareState.labelValues(beaconId).set(epoch > 1 ? reshareState(state) : 0);
        reshareStateTimestamp.labelValues(beaconId).set(seconds);
        reshareLeader.labelValues(beaconId).set(epoch > 1 && leader ? 1 : 0);
    }

    /** drand v1.5's reshare numbering: 0 idle, 1 waiting (proposal out), 2 in progress (executing). */
    static int reshareState(org.jdrand.dkg.ceremony.DkgState s) {
        return switch (s) {
            case PROPOSED, PROPOSING, ACCEPTED, REJECTED, JOINED -> 1;
            case EXECUTING -> 2;
            case FRESH, ABORTED, COMPLETE, TIMED_OUT, LEFT, FAILED -> 0;
        };
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
            DrandTextFormat.write(out, registry.scrape(), DRAND_COUNTERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
