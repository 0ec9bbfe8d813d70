package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jdrand.crypto.Hex;

/**
 * One bundle per signer (kyber protocol.go {@code set}): a re-broadcast of the same bundle is a
 * duplicate; a different bundle from the same signer removes both and bars the signer.
 */
final class BundleSet<T extends DkgBundle> {
    enum Push { NEW, DUPLICATE, CONFLICT }

    private final TreeMap<Integer, T> values = new TreeMap<>(Integer::compareUnsigned);
    private final Set<Integer> bad = new HashSet<>();
    private final Set<String> seen = new HashSet<>();

    Push push(T bundle) {
        String hash = Hex.encode(bundle.hash());
        if (!seen.add(hash)) {
            return Push.DUPLICATE;
        }
        int index = bundle.signerIndex();
        if (bad.contains(index)) {
            return Push.CONFLICT;
        }
        if (values.containsKey(index)) {
            values.remove(index);
            bad.add(index);
            return Push.CONFLICT;
        }
        values.put(index, bundle);
        return Push.NEW;
    }

    int size() {
        return values.size();
    }

    /** The kept bundles, by signer index. */
    List<T> values() {
        return new ArrayList<>(values.values());
    }
}
