package org.jdrand.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.jdrand.http.HttpObserver;
import org.junit.jupiter.api.Test;

class PrometheusHttpObserverTest {
    @Test
    void countsCallsByCodeAndMethodTimesThemAndTracksInFlight() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        AtomicLong nanos = new AtomicLong();
        PrometheusHttpObserver observer = new PrometheusHttpObserver(registry, nanos::get);
        HttpObserver.Call a = observer.start("GET");
        HttpObserver.Call b = observer.start("GET");
        assertThat(scrape(registry)).contains("http_in_flight 2.0");
        nanos.addAndGet(3_000_000); // 3 ms
        a.end(200);
        b.end(404);
        observer.start("other").end(405);
        String text = scrape(registry);
        assertThat(text).contains(
                "http_call_counter_total{code=\"200\",method=\"get\"} 1.0",
                "http_call_counter_total{code=\"404\",method=\"get\"} 1.0",
                "http_call_counter_total{code=\"405\",method=\"other\"} 1.0",
                "http_in_flight 0.0",
                "http_response_duration_count{handler=\"http\",method=\"get\"} 2",
                "http_response_duration_bucket{handler=\"http\",method=\"get\",le=\"0.005\"} 2",
                "http_response_duration_sum{handler=\"http\",method=\"get\"} 0.006");
    }

    static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
