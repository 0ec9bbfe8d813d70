package org.jdrand.client;

/**
 * A snapshot of what the client knows of one endpoint: its latency (an exponentially weighted
 * moving average of the answered requests), whether it is backed off after failures, and counts.
 *
 * @param endpoint            the endpoint
 * @param latencyMillis       EWMA of answered requests in milliseconds, or NaN before any answer
 * @param backedOff           true while the endpoint is skipped after failures (tried last)
 * @param consecutiveFailures failures since the last success
 * @param requests            requests sent to it (beacons, chain info and probes)
 */
public record EndpointHealth(Endpoint endpoint, double latencyMillis, boolean backedOff, int consecutiveFailures,
        long requests) {}
