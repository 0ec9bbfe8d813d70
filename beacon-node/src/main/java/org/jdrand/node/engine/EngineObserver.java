package org.jdrand.node.engine;

/**
 * Told of engine and peer events worth counting (metrics). Called on engine and gRPC threads:
 * implementations must be thread-safe and must not block. Every method defaults to nothing.
 */
public interface EngineObserver {
    EngineObserver NONE = new EngineObserver() { };

    /**
     * A beacon this node recovered from partials was stored (not a synced one).
     *
     * @param latencyMillis from the round's time to the beacon durably stored
     */
    default void beaconProduced(String beaconId, long round, long latencyMillis) { }

    /** Sending this node's partial to {@code peer} failed (drand's error_sending_partial). */
    default void partialSendFailed(String beaconId, String peer) { }

    /** This node's partial reached {@code peer} (drand resets error_sending_partial to 0). */
    default void partialSent(String beaconId, String peer) { }

    /** A connection attempt to {@code peer} failed (drand's dial_failures). */
    default void dialFailed(String peer) { }

    /**
     * A peer's partial was refused or, found bad after caching, dropped (jdrand's
     * partial_rejected). {@code reason}: future_round, bad_length, unknown_index, own_index,
     * wrong_previous, conflicting, invalid_signature.
     */
    default void partialRejected(String beaconId, String reason) { }

    /**
     * A sync stream from a peer was abandoned because of what the peer sent (jdrand's
     * sync_rejected). {@code reason}: invalid_beacon (a beacon that does not verify),
     * out_of_order (not the next round), store_refused (the store refused a verified batch).
     */
    default void syncRejected(String beaconId, String reason) { }

    /** The private gRPC server refused a message over its size limit (jdrand's grpc_oversized_message). */
    default void oversizedMessage(String grpcMethod) { }
}
