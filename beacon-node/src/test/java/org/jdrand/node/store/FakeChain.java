package org.jdrand.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * A chain of well-formed but unsigned beacons: stores never verify BLS, so signatures are a
 * deterministic hash of (chain name, round), which also lets tests check a beacon is intact.
 */
public record FakeChain(ChainInfo info) {

    public static FakeChain chained(String beaconId) {
        return of(Scheme.PEDERSEN_BLS_CHAINED, beaconId);
    }

    public static FakeChain unchained(String beaconId) {
        return of(Scheme.BLS_UNCHAINED_G1_RFC9380, beaconId);
    }

    public static FakeChain of(Scheme scheme, String beaconId) {
        byte[] key = bytes("key/" + beaconId, 0, scheme.keyGroup().compressedSize());
        byte[] seed = bytes("seed/" + beaconId, 0, 32);
        return new FakeChain(new ChainInfo(key, beaconId, 3, scheme, 1_700_000_000L, seed));
    }

    /** The same beacon ID and keys with another period: a different chain hash. */
    public FakeChain withPeriod(int periodSeconds) {
        return new FakeChain(new ChainInfo(info.publicKey(), info.beaconId(), periodSeconds, info.scheme(),
                info.genesisTime(), info.genesisSeed()));
    }

    public boolean chainedScheme() {
        return info.scheme().chained();
    }

    public byte[] signature(long round) {
        return round == 0 ? info.genesisSeed()
                : bytes("sig/" + info.beaconId() + "/" + info.scheme().id(), round,
                        info.scheme().signatureGroup().compressedSize());
    }

    /** Round {@code round} as the engine would append it (prev set on chained chains only). */
    public Beacon beacon(long round) {
        return round == 0 ? Beacon.genesis(info.genesisSeed())
                : new Beacon(round, signature(round), chainedScheme() ? signature(round - 1) : null);
    }

    public List<Beacon> beacons(long from, long toInclusive) {
        List<Beacon> out = new ArrayList<>();
        for (long r = from; r <= toInclusive; r++) {
            out.add(beacon(r));
        }
        return out;
    }

    static byte[] bytes(String label, long round, int length) {
        try {
            byte[] out = new byte[length];
            int off = 0;
            for (int block = 0; off < length; block++) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(label.getBytes(StandardCharsets.UTF_8));
                sha.update(ByteBuffer.allocate(12).putLong(round).putInt(block).array());
                byte[] d = sha.digest();
                int n = Math.min(d.length, length - off);
                System.arraycopy(d, 0, out, off, n);
                off += n;
            }
            out[0] = (byte) (0x80 | (out[0] & 0x1f)); // looks like a compressed point
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
