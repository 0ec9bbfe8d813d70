package org.jdrand.node.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns t cached partials into the round's beacon: combined optimistically and verified as a
 * whole; only when that fails are the unchecked partials checked one by one and the bad ones
 * dropped. Owned by the engine thread, as the cache is.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(RoundEngine.class);

    private final String beaconId;
    private final ChainInfo info;
    private final BeaconCrypto crypto;
    private final PartialCache cache;
    private final Supplier<EngineObserver> observer;

    Recovery(String beaconId, ChainInfo info, BeaconCrypto crypto, PartialCache cache, Supplier<EngineObserver> observer) {
        this.beaconId = beaconId;
        this.info = info;
        this.crypto = crypto;
        this.cache = cache;
        this.observer = observer;
    }

    /**
     * The verified beacon of {@code round} over {@code prev} when it follows {@code last} and t
     * good partials are cached, else null. When t checked partials say the peers are ahead of
     * {@code last}, asks {@code requestSync} for the rounds in between.
     */
    Beacon recover(long round, byte[] prev, Beacon last, LongConsumer requestSync) {
        int t = crypto.threshold();
        List<PartialCache.Slot> slots = cache.slots(round, prev);
        if (slots.size() < t) {
            return null;
        }
        if (round != last.round() + 1 || !Arrays.equals(prev, last.signature())) {
            // peers are ahead: fetch the rounds we lack (only on checked partials' word)
            if (round > last.round() + 1 && checkAll(round, prev) >= t) {
                requestSync.accept(round - 1);
            }
            return null;
        }
        byte[] msg = info.scheme().digest(prev, round);
        byte[] sig = crypto.combine(msg, firstPartials(slots, t));
        if (sig == null) {
            if (checkAll(round, prev) < t) {
                return null; // bad partials dropped: wait for more
            }
            sig = crypto.combine(msg, firstPartials(cache.slots(round, prev), t));
            if (sig == null) {
                LOG.error("recovery failed round={}: {} checked partials do not combine under the group key "
                        + "(do the share and the group file belong together?)", round, t);
                return null;
            }
        }
        return new Beacon(round, sig, info.scheme().chained() ? prev : null);
    }

    /** The partials of the first {@code t} slots (checked ones come first). */
    private static List<byte[]> firstPartials(List<PartialCache.Slot> slots, int t) {
        List<byte[]> out = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            out.add(slots.get(i).partial());
        }
        return out;
    }

    /**
     * Checks every unchecked partial of (round, prev) at once, drops the bad ones and returns how
     * many remain. Runs only when an optimistic combination failed or peers claim to be ahead.
     */
    private int checkAll(long round, byte[] prev) {
        List<PartialCache.Slot> unchecked = new ArrayList<>();
        for (PartialCache.Slot s : cache.slots(round, prev)) {
            if (!s.checked()) {
                unchecked.add(s);
            }
        }
        if (!unchecked.isEmpty()) {
            List<byte[]> partials = new ArrayList<>(unchecked.size());
            unchecked.forEach(s -> partials.add(s.partial()));
            List<Integer> invalid = new ArrayList<>();
            for (int pos : crypto.invalidPartials(info.scheme().digest(prev, round), partials)) {
                int index = unchecked.get(pos).index();
                invalid.add(index);
                observer.get().partialRejected(beaconId, "invalid_signature");
                LOG.warn("partial dropped round={} index={} prev={}: invalid signature", round, index,
                        Hex.shortHex(prev));
            }
            cache.checked(round, prev, invalid);
        }
        return cache.slots(round, prev).size();
    }
}
