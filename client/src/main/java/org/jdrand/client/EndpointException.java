package org.jdrand.client;

/**
 * An endpoint could not give an answer: connection refused, timeout, an HTTP status other than
 * 200, or a body that is not what drand serves. Says nothing about the chain's integrity; the
 * client fails over to another endpoint.
 */
public class EndpointException extends DrandClientException {
    private static final long serialVersionUID = 1L;
    private final String endpoint;
    private final int status;

    public EndpointException(String endpoint, int status, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.status = status;
    }

    /** The endpoint's base URL. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }
}
