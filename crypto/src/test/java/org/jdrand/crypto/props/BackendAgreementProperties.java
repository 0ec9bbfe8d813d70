package org.jdrand.crypto.props;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/** blst and Bouncy Castle agree byte for byte (Bouncy Castle is slow: few tries). */
class BackendAgreementProperties {
    private static final BlsBackend BLST = BlsBackends.blst();
    private static final BlsBackend BC = BlsBackends.bouncyCastle();

    @Property(tries = 8)
    void keysSignaturesAndVerdictsAgree(@ForAll long seed, @ForAll @Size(max = 64) byte[] message) {
        SecureRandom rnd = Seeded.random(seed);
        List<Scheme> bls12381 = Scheme.all().stream().filter(x -> !x.isBn254()).toList(); // both backends are BLS12-381's
        Scheme scheme = bls12381.get(rnd.nextInt(bls12381.size()));
        Scalar x = Scalar.random(rnd);
        Bls a = new Bls(BLST);
        Bls b = new Bls(BC);
        byte[] pkA = a.publicKey(scheme, x).toBytes();
        assertThat(b.publicKey(scheme, x).toBytes()).isEqualTo(pkA);
        byte[] sigA = a.sign(scheme, x, message);
        assertThat(b.sign(scheme, x, message)).isEqualTo(sigA);
        assertThat(BC.hashToCurve(scheme.signatureGroup(), message, scheme.dstBytes()).toBytes())
                .isEqualTo(BLST.hashToCurve(scheme.signatureGroup(), message, scheme.dstBytes()).toBytes());
        byte[] tampered = sigA.clone();
        tampered[rnd.nextInt(tampered.length)] ^= (byte) (1 << rnd.nextInt(8));
        for (byte[] sig : List.of(sigA, tampered)) {
            assertThat(b.verify(scheme, BC.decode(scheme.keyGroup(), pkA), message, sig))
                    .isEqualTo(a.verify(scheme, BLST.decode(scheme.keyGroup(), pkA), message, sig));
        }
    }

    @Property(tries = 12)
    void groupArithmeticAgrees(@ForAll long seed) {
        SecureRandom rnd = Seeded.random(seed);
        for (Group g : Group.values()) {
            Scalar s1 = Scalar.random(rnd);
            Scalar s2 = Scalar.of(rnd.nextLong() & Long.MAX_VALUE);
            Point p = BLST.generator(g).multiply(s1);
            Point q = BC.generator(g).multiply(s1);
            assertThat(q.toBytes()).isEqualTo(p.toBytes());
            assertThat(q.multiply(s2).add(q).negate().toBytes()).isEqualTo(p.multiply(s2).add(p).negate().toBytes());
            assertThat(BC.multiScalarMultiply(List.of(q, BC.generator(g)), List.of(s2, s1)).toBytes())
                    .isEqualTo(BLST.multiScalarMultiply(List.of(p, BLST.generator(g)), List.of(s2, s1)).toBytes());
        }
    }

    @Property(tries = 60)
    void decodersAcceptAndRejectTheSameBytes(@ForAll long seed) {
        SecureRandom rnd = Seeded.random(seed);
        Group g = rnd.nextBoolean() ? Group.G1 : Group.G2;
        byte[] bytes = new byte[g.compressedSize()];
        rnd.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x1f) | 0x80 | (rnd.nextBoolean() ? 0x20 : 0));
        String a = outcome(BLST, g, bytes);
        assertThat(outcome(BC, g, bytes)).isEqualTo(a);
    }

    private static String outcome(BlsBackend backend, Group g, byte[] bytes) {
        try {
            return "ok " + org.jdrand.crypto.Hex.encode(backend.decode(g, bytes).toBytes());
        } catch (InvalidEncodingException e) {
            return e.getMessage();
        }
    }
}
