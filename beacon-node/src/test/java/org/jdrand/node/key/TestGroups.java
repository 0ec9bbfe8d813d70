package org.jdrand.node.key;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/** Groups of real key pairs with a random public polynomial (no DKG needed for file tests). */
final class TestGroups {
    static final Bls BLS = new Bls(BlsBackends.blst());
    static final SecureRandom RANDOM = new SecureRandom();

    private TestGroups() {}

    static List<Group.Member> members(Scheme scheme, int n) {
        List<Group.Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeyPair kp = KeyPair.generate(BLS, scheme, "127.0.0.1:" + (9000 + i), RANDOM);
            out.add(new Group.Member(i, kp.identity()));
        }
        return out;
    }

    static List<Point> coefficients(Scheme scheme, int t) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            out.add(BLS.publicKey(scheme, Scalar.random(RANDOM)));
        }
        return out;
    }

    static Group group(Scheme scheme, int n, int t, String beaconId, long transitionTime) {
        return new Group(members(scheme, n), t, Duration.ofSeconds(3), Duration.ofSeconds(1), 1_700_000_000L,
                transitionTime, null, scheme, beaconId, coefficients(scheme, t));
    }
}
