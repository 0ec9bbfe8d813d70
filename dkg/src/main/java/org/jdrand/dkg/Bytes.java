package org.jdrand.dkg;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/** Byte helpers for the bundle values: defensive copies, content equality, hashing. */
final class Bytes {
    private Bytes() {}

    static byte[] copy(byte[] b) {
        return b == null ? new byte[0] : b.clone();
    }

    static List<byte[]> copyAll(List<byte[]> list) {
        return list.stream().map(Bytes::copy).toList();
    }

    static boolean equalAll(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hashAll(List<byte[]> list) {
        int h = 1;
        for (byte[] b : list) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    static void be32(MessageDigest md, int v) {
        md.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
