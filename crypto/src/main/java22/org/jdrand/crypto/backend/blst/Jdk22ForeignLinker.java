package org.jdrand.crypto.backend.blst;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * {@link ForeignLinker} on the final foreign function and memory API (java.lang.foreign, JDK 22+).
 * Compiled with {@code --release 22} into META-INF/versions/22 only when the build runs on JDK 22
 * or newer. Without {@code --enable-native-access=ALL-UNNAMED} (or the runnable jar's
 * {@code Enable-Native-Access} manifest entry) the JDK prints a warning on first use.
 */
final class Jdk22ForeignLinker implements ForeignLinker {
    /** All of the address space, for reads and writes at raw addresses this package allocated. */
    private final MemorySegment all = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup lookup = SymbolLookup.loaderLookup();

    @Override
    public MethodHandle downcall(String symbol, MethodType type, boolean shortCall) {
        MemorySegment address = lookup.find(symbol)
                .orElseThrow(() -> new IllegalStateException("blst: symbol " + symbol + " not found"));
        MemoryLayout[] args = new MemoryLayout[type.parameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = layout(type.parameterType(i));
        }
        FunctionDescriptor fd = type.returnType() == void.class
                ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(layout(type.returnType()), args);
        // critical: no thread-state transition, for field operations of a few hundred nanoseconds
        return shortCall ? linker.downcallHandle(address, fd, Linker.Option.critical(false)) : linker.downcallHandle(address, fd);
    }

    private static MemoryLayout layout(Class<?> carrier) {
        if (carrier == long.class) {
            return ValueLayout.JAVA_LONG;
        }
        if (carrier == int.class) {
            return ValueLayout.JAVA_INT;
        }
        if (carrier == byte.class) {
            return ValueLayout.JAVA_BYTE;
        }
        throw new IllegalArgumentException("foreign linker: carrier " + carrier + " (long, int or byte)");
    }

    @Override
    public long allocateForever(long bytes) {
        return Arena.global().allocate(bytes, 8).address();
    }

    @Override
    public Block allocateBlock(long bytes) {
        MemorySegment segment = Arena.ofAuto().allocate(bytes, 8);
        return new SegmentBlock(segment, segment.address());
    }

    /** Holding the segment keeps its automatic arena, hence the memory, alive. */
    private record SegmentBlock(MemorySegment segment, long address) implements Block {}

    @Override
    public Frame frame() {
        Arena arena = Arena.ofConfined();
        return new Frame() {
            @Override
            public long allocate(long bytes) {
                return arena.allocate(bytes, 8).address();
            }

            @Override
            public void close() {
                arena.close();
            }
        };
    }

    @Override
    public void copy(byte[] from, long to) {
        MemorySegment.copy(from, 0, all, ValueLayout.JAVA_BYTE, to, from.length);
    }

    @Override
    public void copy(long[] from, long to) {
        MemorySegment.copy(from, 0, all, ValueLayout.JAVA_LONG_UNALIGNED, to, from.length);
    }

    @Override
    public void copy(long from, byte[] to) {
        MemorySegment.copy(all, ValueLayout.JAVA_BYTE, from, to, 0, to.length);
    }

    @Override
    public void copy(long from, long[] to) {
        MemorySegment.copy(all, ValueLayout.JAVA_LONG_UNALIGNED, from, to, 0, to.length);
    }

    @Override
    public long getLong(long address) {
        return all.get(ValueLayout.JAVA_LONG_UNALIGNED, address);
    }

    @Override
    public void setLong(long address, long value) {
        all.set(ValueLayout.JAVA_LONG_UNALIGNED, address, value);
    }
}
