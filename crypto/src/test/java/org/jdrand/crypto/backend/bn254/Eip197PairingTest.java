package org.jdrand.crypto.backend.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EIP-197 ecPairing vectors of hyperledger/besu-native (see resources/bn254/README.md): each
 * input is k pairs G1 (x, y) ‖ G2 (x_im, x_re, y_im, y_re), 32 bytes per coordinate, all-zero
 * coordinates meaning infinity; the result is 1 iff the product of the pairings is one.
 */
class Eip197PairingTest {
    @Test
    void pairingChecksMatchTheVectors() {
        int valid = 0;
        int rejected = 0;
        for (String[] row : Vectors.csv("eip196_pairing.csv")) {
            byte[] in = Vectors.bytes(row[0]);
            boolean invalidInput = row.length > 3 && !row[3].isBlank();
            List<G1> ps = new ArrayList<>();
            List<G2> qs = new ArrayList<>();
            boolean decoded = true;
            for (int off = 0; off < in.length; off += 192) {
                Fp px = Fp.fromBytesCanonical(in, off);
                Fp py = Fp.fromBytesCanonical(in, off + 32);
                Fp2 qx = new Fp2(Fp.fromBytesCanonical(in, off + 96), Fp.fromBytesCanonical(in, off + 64));
                Fp2 qy = new Fp2(Fp.fromBytesCanonical(in, off + 160), Fp.fromBytesCanonical(in, off + 128));
                if (px.isZero() && py.isZero()) {
                    ps.add(G1.INFINITY);
                } else if (G1.isOnCurve(px, py)) {
                    ps.add(G1.affine(px, py));
                } else {
                    decoded = false;
                }
                if (qx.isZero() && qy.isZero()) {
                    qs.add(G2.INFINITY);
                } else if (G2.isOnCurve(qx, qy) && G2.affine(qx, qy).isInSubgroup()) {
                    qs.add(G2.affine(qx, qy));
                } else {
                    decoded = false;
                }
            }
            if (invalidInput) {
                assertThat(decoded).as("input flagged %s", row[3]).isFalse();
                rejected++;
                continue;
            }
            assertThat(decoded).isTrue();
            boolean expected = Vectors.hex(row[1]).signum() == 1;
            assertThat(Pairing.productIsOne(ps, qs)).as("pairing check of a %d-pair input", ps.size()).isEqualTo(expected);
            valid++;
        }
        assertThat(valid).isEqualTo(14);
        assertThat(rejected).isEqualTo(1);
    }
}
