package org.jdrand.crypto.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;

/**
 * What identifies a chain (drand common/chain/info.go): group public key, beacon ID, period,
 * scheme, genesis time and genesis seed. Its {@link #hash()} is the chain hash, the trust anchor
 * clients pin. Immutable; the key bytes are kept as given (validate them with a backend).
 */
public final class ChainInfo {
    private final byte[] publicKey;
    private final String beaconId;
    private final int periodSeconds;
    private final Scheme scheme;
    private final long genesisTime;
    private final byte[] genesisSeed;

    public ChainInfo(byte[] publicKey, String beaconId, int periodSeconds, Scheme scheme, long genesisTime,
            byte[] genesisSeed) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(genesisSeed, "genesisSeed");
        if (publicKey.length != scheme.publicKeySize()) {
            throw new IllegalArgumentException("chain info: public key length " + publicKey.length + " (expected "
                    + scheme.publicKeySize() + " for " + scheme.id() + ")");
        }
        if (periodSeconds <= 0) {
            throw new IllegalArgumentException("chain info: period " + periodSeconds + "s (expected > 0)");
        }
        this.publicKey = publicKey.clone();
        this.beaconId = normaliseBeaconId(beaconId);
        this.periodSeconds = periodSeconds;
        this.scheme = scheme;
        this.genesisTime = genesisTime;
        this.genesisSeed = genesisSeed.clone();
    }

    /** "" and null mean "default", as in drand. */
    public static String normaliseBeaconId(String beaconId) {
        return beaconId == null || beaconId.isEmpty() ? "default" : beaconId;
    }

    public static boolean isDefaultBeaconId(String beaconId) {
        return beaconId == null || beaconId.isEmpty() || "default".equals(beaconId);
    }

    /**
     * chain hash = SHA-256(BE32(period) ‖ BE64(genesis) ‖ public key ‖ genesis seed ‖ beacon ID
     * unless it is "" or "default"). The scheme is not hashed.
     */
    public byte[] hash() {
        return chainHash(periodSeconds, genesisTime, publicKey, genesisSeed, beaconId);
    }

    /**
     * The chain hash from raw fields, for any scheme including those this class cannot hold
     * (BN254 keys are 128 bytes uncompressed).
     */
    public static byte[] chainHash(int periodSeconds, long genesisTime, byte[] publicKey, byte[] genesisSeed,
            String beaconId) {
        MessageDigest sha = Scheme.sha256();
        sha.update(ByteBuffer.allocate(12).putInt(periodSeconds).putLong(genesisTime).array());
        sha.update(publicKey);
        sha.update(genesisSeed);
        if (!isDefaultBeaconId(beaconId)) {
            sha.update(beaconId.getBytes(StandardCharsets.UTF_8));
        }
        return sha.digest();
    }

    public String hashHex() {
        return Hex.encode(hash());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String beaconId() {
        return beaconId;
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    public Scheme scheme() {
        return scheme;
    }

    public long genesisTime() {
        return genesisTime;
    }

    public byte[] genesisSeed() {
        return genesisSeed.clone();
    }

    /** Unix seconds at which {@code round} is due. */
    public long timeOfRound(long round) {
        return RoundTime.timeOfRound(genesisTime, periodSeconds, round);
    }

    /** The round due at {@code unixSeconds} (1 before genesis, as drand). */
    public long currentRound(long unixSeconds) {
        return RoundTime.currentRound(genesisTime, periodSeconds, unixSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainInfo c
                && Arrays.equals(c.publicKey, publicKey)
                && c.beaconId.equals(beaconId)
                && c.periodSeconds == periodSeconds
                && c.scheme.equals(scheme)
                && c.genesisTime == genesisTime
                && Arrays.equals(c.genesisSeed, genesisSeed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        return "ChainInfo[beaconId=" + beaconId + ", scheme=" + scheme.id() + ", period=" + periodSeconds
                + "s, genesis=" + genesisTime + ", hash=" + Hex.shortHex(hash()) + "]";
    }
}
