package org.jdrand.node.sync;

/**
 * One step of an operator sync on the chain {@code beaconId}/{@code chainHash}: follow reports
 * {@code {synced round, target}}; check reports {@code {checked round, up_to}}, then, when rounds
 * need repair, {@code {repaired, bad}}.
 */
public record OperatorSyncProgress(String beaconId, byte[] chainHash, long current, long target) {
    public OperatorSyncProgress {
        chainHash = chainHash == null ? new byte[0] : chainHash.clone();
    }

    @Override
    public byte[] chainHash() {
        return chainHash.clone();
    }
}
