package org.jdrand.crypto.props;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A deterministic SecureRandom from a jqwik-generated seed, so failing tries shrink and replay. */
final class Seeded {
    private Seeded() {}

    static SecureRandom random(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
