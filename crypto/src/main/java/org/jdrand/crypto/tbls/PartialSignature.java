package org.jdrand.crypto.tbls;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Scheme;

/**
 * A partial signature as drand sends it: BE16(share index) ‖ σᵢ (kyber sign/tbls). The signature
 * bytes are not decoded here; {@link ThresholdBls} does that when verifying.
 */
public record PartialSignature(int index, byte[] signature) {
    public static final int MAX_INDEX = 0xffff;

    public PartialSignature {
        checkIndex(index);
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("partial: index " + index + ": empty signature");
        }
        signature = signature.clone();
    }

    /**
     * Parses BE16(index) ‖ signature.
     *
     * @throws InvalidEncodingException when the length is not 2 + the scheme's signature size
     */
    public static PartialSignature fromBytes(Scheme scheme, byte[] bytes) {
        if (bytes == null || bytes.length != scheme.partialSize()) {
            throw new InvalidEncodingException("partial: length " + (bytes == null ? "null" : bytes.length)
                    + " (expected " + scheme.partialSize() + " for " + scheme.id() + ")");
        }
        int index = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        return new PartialSignature(index, Arrays.copyOfRange(bytes, 2, bytes.length));
    }

    /** The share index of an encoded partial, without checking its length. */
    public static int indexOf(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            throw new InvalidEncodingException("partial: too short for an index");
        }
        return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(2 + signature.length).putShort((short) index).put(signature).array();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    static void checkIndex(int index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("share index " + index + " out of range (expected 0.." + MAX_INDEX + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialSignature p && p.index == index && Arrays.equals(p.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "PartialSignature[index=" + index + ", sig=" + Hex.shortHex(signature) + "]";
    }
}
