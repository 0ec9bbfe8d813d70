package org.jdrand.client;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The endpoints of a client with their measured latency and health, in order of preference:
 * healthy endpoints by latency (EWMA, unmeasured first so they get measured), then backed-off
 * ones by the end of their back-off. Every endpoint stays a last resort: failover never runs out
 * while one might answer. Thread-safe.
 */
final class EndpointPool {
    /** Weight of a new sample in the moving average. */
    static final double ALPHA = 0.3;

    private final List<State> states = new ArrayList<>();
    private final InstantSource clock;
    private final long backoffBaseMs;
    private final long backoffMaxMs;

    EndpointPool(List<Endpoint> endpoints, InstantSource clock, Duration backoffBase, Duration backoffMax) {
        for (int i = 0; i < endpoints.size(); i++) {
            states.add(new State(endpoints.get(i), i));
        }
        this.clock = clock;
        this.backoffBaseMs = backoffBase.toMillis();
        this.backoffMaxMs = backoffMax.toMillis();
    }

    /** All endpoints, best first. */
    synchronized List<Endpoint> ordered() {
        long now = clock.millis();
        List<State> copy = new ArrayList<>(states);
        copy.sort(Comparator.<State>comparingInt(s -> s.backedOffUntil > now ? 1 : 0)
                .thenComparingDouble(s -> s.backedOffUntil > now ? s.backedOffUntil : s.ewmaOrZero())
                .thenComparingInt(s -> s.index));
        List<Endpoint> out = new ArrayList<>(copy.size());
        copy.forEach(s -> out.add(s.endpoint));
        return out;
    }

    synchronized List<Endpoint> all() {
        List<Endpoint> out = new ArrayList<>(states.size());
        states.forEach(s -> out.add(s.endpoint));
        return out;
    }

    synchronized void sent(Endpoint e) {
        state(e).requests++;
    }

    /** An answer arrived after {@code nanos} (null: not a latency sample, e.g. a held long poll). */
    synchronized void succeeded(Endpoint e, Long nanos) {
        State s = state(e);
        if (nanos != null) {
            double ms = nanos / 1e6;
            s.ewmaMs = Double.isNaN(s.ewmaMs) ? ms : ALPHA * ms + (1 - ALPHA) * s.ewmaMs;
        }
        s.failures = 0;
        s.backedOffUntil = 0;
    }

    /** A failure that says the endpoint is unwell: back it off, twice as long each time in a row. */
    synchronized void failed(Endpoint e) {
        State s = state(e);
        s.failures++;
        long backoff = backoffBaseMs << Math.min(20, s.failures - 1);
        s.backedOffUntil = clock.millis() + Math.min(backoffMaxMs, backoff);
    }

    synchronized List<EndpointHealth> health() {
        long now = clock.millis();
        List<EndpointHealth> out = new ArrayList<>();
        for (Endpoint e : ordered()) {
            State s = state(e);
            out.add(new EndpointHealth(e, s.ewmaMs, s.backedOffUntil > now, s.failures, s.requests));
        }
        return out;
    }

    private State state(Endpoint e) {
        for (State s : states) {
            if (s.endpoint.equals(e)) {
                return s;
            }
        }
        throw new IllegalArgumentException("endpoint pool: unknown endpoint " + e);
    }

    private static final class State {
        final Endpoint endpoint;
        final int index;
        double ewmaMs = Double.NaN;
        int failures;
        long backedOffUntil;
        long requests;

        State(Endpoint endpoint, int index) {
            this.endpoint = endpoint;
            this.index = index;
        }

        double ewmaOrZero() {
            return Double.isNaN(ewmaMs) ? 0 : ewmaMs;
        }
    }
}
