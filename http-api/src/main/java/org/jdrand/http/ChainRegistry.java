package org.jdrand.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The chains a server publishes, looked up by chain hash (lowercase hex) and by beacon ID, with
 * one default chain served on the un-prefixed routes (none before a node's first DKG). Immutable.
 */
public final class ChainRegistry {
    private final Map<String, BeaconSource> byHash;
    private final Map<String, BeaconSource> byBeaconId;
    private final BeaconSource defaultChain;

    private ChainRegistry(List<BeaconSource> sources, BeaconSource defaultChain) {
        Map<String, BeaconSource> hashes = new LinkedHashMap<>();
        Map<String, BeaconSource> ids = new LinkedHashMap<>();
        for (BeaconSource s : sources) {
            String hash = s.info().hashHex();
            if (hashes.putIfAbsent(hash, s) != null) {
                throw new IllegalArgumentException("chain registry: duplicate chain hash " + hash.substring(0, 8));
            }
            if (ids.putIfAbsent(s.info().beaconId(), s) != null) {
                throw new IllegalArgumentException("chain registry: duplicate beacon ID " + s.info().beaconId());
            }
        }
        this.byHash = Collections.unmodifiableMap(hashes);
        this.byBeaconId = Collections.unmodifiableMap(ids);
        this.defaultChain = defaultChain;
    }

    /**
     * The default chain is the one whose beacon ID is "default", else the first one.
     *
     * @throws IllegalArgumentException when there is no chain, or two share a hash or beacon ID
     */
    public static ChainRegistry of(List<? extends BeaconSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("chain registry: no chain (expected at least one)");
        }
        BeaconSource dflt = sources.get(0);
        for (BeaconSource s : sources) {
            if ("default".equals(s.info().beaconId())) {
                dflt = s;
                break;
            }
        }
        return new ChainRegistry(new ArrayList<>(sources), dflt);
    }

    /** No chain yet: a node before its first DKG serves only the status page and says so elsewhere. */
    public static ChainRegistry none() {
        return new ChainRegistry(List.of(), null);
    }

    public static ChainRegistry of(BeaconSource... sources) {
        return of(List.of(sources));
    }

    /** As {@link #of(List)} with an explicit default chain, which must be among the sources. */
    public static ChainRegistry withDefault(BeaconSource defaultChain, List<? extends BeaconSource> sources) {
        Objects.requireNonNull(defaultChain, "defaultChain");
        if (!sources.contains(defaultChain)) {
            throw new IllegalArgumentException("chain registry: default chain not among the chains");
        }
        return new ChainRegistry(new ArrayList<>(sources), defaultChain);
    }

    /** The chain of the un-prefixed routes; null only for {@link #none()}. */
    public BeaconSource defaultChain() {
        return defaultChain;
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** Chains in registration order. */
    public List<BeaconSource> chains() {
        return List.copyOf(byHash.values());
    }

    public Optional<BeaconSource> byHash(String lowercaseHex) {
        return Optional.ofNullable(byHash.get(lowercaseHex));
    }

    public Optional<BeaconSource> byBeaconId(String beaconId) {
        return Optional.ofNullable(byBeaconId.get(beaconId));
    }
}
