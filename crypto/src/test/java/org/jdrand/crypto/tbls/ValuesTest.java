package org.jdrand.crypto.tbls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Scalar;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void secretsNeverPrint() {
        PriPoly poly = PriPoly.random(3, new SecureRandom());
        PriShare share = poly.share(4);
        assertThat(share.toString()).isEqualTo("PriShare[index=4, redacted]");
        assertThat(poly.toString()).isEqualTo("PriPoly[threshold=3, redacted]");
        assertThat(poly.secret().toString()).isEqualTo("Scalar[redacted]");
    }

    @Test
    void sharesAreEvaluatedAtIndexPlusOne() {
        // f(x) = 5 + 7x + 11x² ; share 0 = f(1) = 23, share 2 = f(3) = 125
        PriPoly poly = new PriPoly(java.util.List.of(Scalar.of(5), Scalar.of(7), Scalar.of(11)));
        assertThat(poly.share(0).value()).isEqualTo(Scalar.of(23));
        assertThat(poly.share(2).value()).isEqualTo(Scalar.of(125));
        PubPoly pub = poly.commit(BlsBackends.blst(), Group.G1);
        var g = BlsBackends.blst().generator(Group.G1);
        assertThat(pub.eval(2)).isEqualTo(g.multiply(Scalar.of(125)));
        assertThat(pub.eval(BlsBackends.blst(), 0)).isEqualTo(g.multiply(Scalar.of(23)));
        assertThat(pub.commit()).isEqualTo(g.multiply(Scalar.of(5)));
        assertThat(pub.threshold()).isEqualTo(3);
    }

    @Test
    void partialEncodingIsBigEndianIndexThenSignature() {
        byte[] sig = new byte[48];
        sig[0] = (byte) 0xaa;
        PartialSignature p = new PartialSignature(0x0102, sig);
        byte[] enc = p.toBytes();
        assertThat(enc).hasSize(50);
        assertThat(enc[0]).isEqualTo((byte) 1);
        assertThat(enc[1]).isEqualTo((byte) 2);
        assertThat(enc[2]).isEqualTo((byte) 0xaa);
        assertThatThrownBy(() -> new PartialSignature(0x10000, sig)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new PriShare(-1, Scalar.ONE)).hasMessageContaining("out of range");
    }
}
