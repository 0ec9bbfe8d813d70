package org.jdrand.node.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus text format (0.0.4) with drand's counter names. client_java 1.x always writes a
 * counter as {@code <name>_total}; drand's Go client writes the name it was given, so its
 * dashboards query {@code dial_failures}, {@code http_call_counter}, {@code api_call_counter}.
 * The counters named in {@code drandCounters} are written here under their plain name (a valid
 * counter in this format); everything else goes through client_java's writer unchanged.
 */
final class DrandTextFormat {
    private DrandTextFormat() {}

    static void write(OutputStream out, MetricSnapshots snapshots, Set<String> drandCounters) throws IOException {
        List<MetricSnapshot> rest = new ArrayList<>();
        List<CounterSnapshot> plain = new ArrayList<>();
        for (MetricSnapshot s : snapshots) {
            if (s instanceof CounterSnapshot c && drandCounters.contains(c.getMetadata().getPrometheusName())) {
                plain.add(c);
            } else {
                rest.add(s);
            }
        }
        PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(rest));
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (CounterSnapshot c : plain) {
            String name = c.getMetadata().getPrometheusName();
            if (c.getMetadata().getHelp() != null) {
                w.write("# HELP " + name + " " + escape(c.getMetadata().getHelp(), false) + "\n");
            }
            w.write("# TYPE " + name + " counter\n");
            for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                w.write(name);
                writeLabels(w, p.getLabels());
                w.write(" " + value(p.getValue()) + "\n");
            }
        }
        w.flush();
    }

    private static void writeLabels(Writer w, Labels labels) throws IOException {
        if (labels.isEmpty()) {
            return;
        }
        w.write('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(labels.getPrometheusName(i) + "=\"" + escape(labels.getValue(i), true) + "\"");
        }
        w.write('}');
    }

    /** The format's escapes: backslash and newline, and double quotes inside label values. */
    static String escape(String s, boolean quotes) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '"' -> b.append(quotes ? "\\\"" : "\"");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static String value(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(v);
    }
}
