package org.jdrand.http;

/**
 * Told of every request, so the node can keep drand's HTTP metrics (http_call_counter,
 * http_response_duration, http_in_flight) without this module knowing Prometheus. The observer
 * owns the timing: {@link #start} when a request is read, {@link Call#end} when its response is
 * written. Called on event-loop threads: must not block.
 */
public interface HttpObserver {
    HttpObserver NONE = method -> status -> {};

    /**
     * @param method GET, HEAD, OPTIONS, or "other" (so labels stay bounded)
     */
    Call start(String method);

    /**
     * Which API a request called (drand's api_call_counter), told once per request read.
     *
     * @param apiMethod one of {@link ApiCallLabels#ALL}
     */
    default void apiCall(String apiMethod) { }

    /** One request in flight. */
    interface Call {
        /** @param status the HTTP status written, or 499 when the client left before its response */
        void end(int status);
    }
}
