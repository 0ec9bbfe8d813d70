package org.jdrand.crypto.backend.blst;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * The foreign-linker API of the running JDK, reduced to what {@link BlstNative} needs: downcalls
 * whose pointers travel as 64-bit addresses, and raw native memory. Two implementations, loaded by
 * class name because each compiles only on its own JDK: {@code Jdk17ForeignLinker}
 * (jdk.incubator.foreign, in the base classes of a build on JDK 17) and {@code Jdk22ForeignLinker}
 * (java.lang.foreign, in META-INF/versions/22 of a build on JDK 22+).
 *
 * <p>Pointers as {@code long}: on the 64-bit ABIs libblst ships for (System V, Windows x64,
 * AArch64) a pointer argument is passed exactly as a 64-bit integer, so one shared set of method
 * types serves both APIs and no address object is allocated per call.
 */
interface ForeignLinker {
    /**
     * A downcall handle for {@code symbol} of the libraries loaded by this class loader.
     *
     * @param type the C signature with Java carriers: {@code long} (a pointer, {@code size_t} or
     *     {@code unsigned long long}), {@code int} (C int), {@code byte} (C bool), {@code void}
     * @param shortCall whether the function is short and never blocks (the linker may then skip
     *     the thread-state transition where its API allows)
     * @throws IllegalStateException when the symbol is missing
     */
    MethodHandle downcall(String symbol, MethodType type, boolean shortCall);

    /** Zeroed native memory, 8-byte aligned, that lives as long as the JVM. */
    long allocateForever(long bytes);

    /** Zeroed native memory, 8-byte aligned, freed once the returned block is unreachable. */
    Block allocateBlock(long bytes);

    /** A confined arena for the temporaries of one call. */
    Frame frame();

    void copy(byte[] from, long to);

    void copy(long[] from, long to);

    /** Fills {@code to} from native memory at {@code from}. */
    void copy(long from, byte[] to);

    /** Fills {@code to} from native memory at {@code from}. */
    void copy(long from, long[] to);

    long getLong(long address);

    void setLong(long address, long value);

    /** Native memory owned by this object: keep it reachable while its address is in use. */
    interface Block {
        long address();
    }

    /** Zeroed, 8-byte aligned allocations freed together at {@link #close()}. */
    interface Frame extends AutoCloseable {
        long allocate(long bytes);

        @Override
        void close();
    }
}
