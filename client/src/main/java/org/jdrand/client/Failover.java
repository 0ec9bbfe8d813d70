package org.jdrand.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One logical request across endpoints: the {@code parallel} best endpoints are asked at once (a
 * race: the first answer that passes {@code check} wins), and each failure starts the next
 * endpoint in order until one succeeds or all have failed. Latencies and failures are reported to
 * the pool. When all fail, the most telling error is thrown: a chain mismatch, else a failed
 * verification, else the last endpoint error; the others are attached as suppressed.
 */
final class Failover<T> {
    /** Turns a 200 body into a value, or throws a {@link DrandClientException} saying why not. */
    @FunctionalInterface
    interface Check<T> {
        T apply(Endpoint endpoint, String body);
    }

    private final HttpTransport http;
    private final EndpointPool pool;
    private final List<Endpoint> order;
    private final Function<Endpoint, String> url;
    private final Duration timeout;
    private final boolean latencySample;
    private final Check<T> check;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final List<DrandClientException> errors = new ArrayList<>();
    private int nextIndex;
    private int inFlight;

    private Failover(HttpTransport http, EndpointPool pool, List<Endpoint> order, Function<Endpoint, String> url,
            Duration timeout, boolean latencySample, Check<T> check) {
        this.http = http;
        this.pool = pool;
        this.order = order;
        this.url = url;
        this.timeout = timeout;
        this.latencySample = latencySample;
        this.check = check;
    }

    /**
     * @param latencySample whether answer times are latency samples (false for long polls that the
     *     server holds until a round is produced)
     */
    static <T> CompletableFuture<T> run(HttpTransport http, EndpointPool pool, int parallel,
            Function<Endpoint, String> url, Duration timeout, boolean latencySample, Check<T> check) {
        return run(http, pool, pool.ordered(), parallel, url, timeout, latencySample, check);
    }

    /** As above over the given endpoints, in the given order. */
    static <T> CompletableFuture<T> run(HttpTransport http, EndpointPool pool, List<Endpoint> order, int parallel,
            Function<Endpoint, String> url, Duration timeout, boolean latencySample, Check<T> check) {
        Failover<T> f = new Failover<>(http, pool, order, url, timeout, latencySample, check);
        synchronized (f) {
            for (int i = 0; i < Math.max(1, parallel) && f.nextIndex < f.order.size(); i++) {
                f.startNext();
            }
        }
        return f.result;
    }

    /** Must hold the lock. */
    private void startNext() {
        Endpoint e = order.get(nextIndex++);
        inFlight++;
        String target = url.apply(e);
        URI uri;
        try {
            uri = URI.create(target);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException ex) {
            finished(e, null, new EndpointException(e.url(), 0, "GET " + target + ": malformed URL", ex), false);
            return;
        }
        pool.sent(e);
        long start = System.nanoTime();
        http.get(uri, timeout).whenComplete((resp, err) -> {
            long nanos = System.nanoTime() - start;
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                String why = http.isTimeout(c) ? "timed out after " + timeout.toMillis() + " ms"
                        : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
                finished(e, null, new EndpointException(e.url(), 0, "GET " + target + ": " + why
                        + " (expected an answer)", c), true);
                return;
            }
            if (resp.status() != 200) {
                int status = resp.status();
                finished(e, null, new EndpointException(e.url(), status, "GET " + target + ": HTTP " + status
                        + errorText(resp.body()) + " (expected 200)", null), status >= 500 || status == 429);
                return;
            }
            T value;
            try {
                value = check.apply(e, resp.body());
            } catch (DrandClientException ex) {
                finished(e, null, ex, true);
                return;
            } catch (RuntimeException ex) {
                finished(e, null, new EndpointException(e.url(), 200, "GET " + target + ": " + ex.getMessage(), ex),
                        true);
                return;
            }
            pool.succeeded(e, latencySample ? nanos : null);
            finished(e, value, null, false);
        });
    }

    private synchronized void finished(Endpoint e, T value, DrandClientException error, boolean unwell) {
        inFlight--;
        if (error == null) {
            result.complete(value);
            return;
        }
        if (unwell) {
            pool.failed(e);
        }
        errors.add(error);
        if (result.isDone()) {
            return;
        }
        if (nextIndex < order.size()) {
            startNext();
        } else if (inFlight == 0) {
            result.completeExceptionally(mostTelling());
        }
    }

    private DrandClientException mostTelling() {
        DrandClientException best = errors.get(errors.size() - 1);
        for (DrandClientException e : errors) {
            if (rank(e) > rank(best)) {
                best = e;
            }
        }
        for (DrandClientException e : errors) {
            if (e != best) {
                best.addSuppressed(e);
            }
        }
        return best;
    }

    private static int rank(DrandClientException e) {
        return e instanceof ChainMismatchException ? 3 : e instanceof VerificationException ? 2 : 1;
    }

    /** drand errors are short text or {"error": "..."}: keep a bounded, single-line excerpt. */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return ": " + (s.length() > 120 ? s.substring(0, 120) + "…" : s);
    }
}
