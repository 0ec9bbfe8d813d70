package org.jdrand.node.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdrand.http.HttpObserver;

/**
 * drand's HTTP metrics (node-protocol.md §7) for the public HTTP API: http_call_counter{code,
 * method}, http_response_duration{method} (seconds, const label handler="http") and http_in_flight.
 * Methods are lowercase, as Go's promhttp writes them. api_call_counter{api_method} counts calls by
 * API ({@link org.jdrand.http.ApiCallLabels}). client_java's own writer adds "_total" to
 * counters; NodeMetrics writes drand's plain names (http_call_counter, api_call_counter).
 */
public final class PrometheusHttpObserver implements HttpObserver {
    private final Counter calls;
    private final java.util.Map<String, CounterDataPoint> apiCalls = new java.util.HashMap<>();
    private final Histogram duration;
    private final Gauge inFlight;
    private final LongSupplier nanoTime;
    /** The method labels HttpObserver can pass (lowercase, as Go's promhttp writes them); "other" last. */
    private static final String[] METHODS = {"get", "head", "options", "other"};
    private final DistributionDataPoint[] durations;
    private final ConcurrentHashMap<Integer, CounterDataPoint> callChildren = new ConcurrentHashMap<>();

    public PrometheusHttpObserver(PrometheusRegistry registry) {
        this(registry, System::nanoTime);
    }

    PrometheusHttpObserver(PrometheusRegistry registry, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.calls = Counter.builder().name("http_call_counter").help("Number of HTTP calls received")
                .labelNames("code", "method").register(registry);
        this.duration = Histogram.builder().name("http_response_duration")
                .help("Histogram of HTTP response durations in seconds").unit(null)
                .labelNames("method").constLabels(Labels.of("handler", "http")).classicOnly()
                .register(registry);
        this.inFlight = Gauge.builder().name("http_in_flight").help("Number of HTTP requests in flight")
                .register(registry);
        Counter api = Counter.builder().name("api_call_counter").help("Number of API calls that we have received")
                .labelNames("api_method").register(registry);
        org.jdrand.http.ApiCallLabels.ALL.forEach(l -> apiCalls.put(l, api.labelValues(l)));
        this.durations = new DistributionDataPoint[METHODS.length];
        for (int i = 0; i < METHODS.length; i++) {
            durations[i] = duration.labelValues(METHODS[i]);
        }
    }

    @Override
    public Call start(String method) {
        int m = methodIndex(method);
        long t0 = nanoTime.getAsLong();
        inFlight.inc();
        return status -> {
            inFlight.dec();
            callsOf(status, m).inc();
            durations[m].observe((nanoTime.getAsLong() - t0) / 1e9);
        };
    }

    @Override
    public void apiCall(String apiMethod) {
        CounterDataPoint c = apiCalls.get(apiMethod);
        (c != null ? c : apiCalls.get("other")).inc();
    }

    private static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equalsIgnoreCase(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }

    /** The counter child of (status, method), looked up once per pair: labelValues allocates. */
    private CounterDataPoint callsOf(int status, int method) {
        int key = status * METHODS.length + method;
        CounterDataPoint c = callChildren.get(key);
        return c != null ? c : callChildren.computeIfAbsent(key,
                k -> calls.labelValues(String.valueOf(status), METHODS[method]));
    }
}
