package org.jdrand.tlock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;

/** jagged's exceptions, reworded to say what failed in the age file (ours pass through unchanged). */
final class AgeErrors {
    private AgeErrors() {}

    interface Opener {
        ReadableByteChannel open() throws IOException, GeneralSecurityException;
    }

    static ReadableByteChannel open(Opener opener) throws IOException, GeneralSecurityException {
        try {
            return opener.open();
        } catch (IOException e) {
            throw new IOException("age: header: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException("age: header: malformed: " + describe(e), e);
        } catch (GeneralSecurityException e) {
            if (e.getClass().getPackageName().equals(AgeErrors.class.getPackageName())) {
                throw e;
            }
            throw new GeneralSecurityException("age: header: " + describe(e), e);
        }
    }

    static int read(ReadableByteChannel ch, ByteBuffer b) throws IOException {
        try {
            return ch.read(b);
        } catch (IOException e) {
            throw new IOException("age: payload: a chunk does not authenticate (tampered or truncated file): " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException("age: payload: malformed: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).toLowerCase(java.util.Locale.ROOT);
    }
}
