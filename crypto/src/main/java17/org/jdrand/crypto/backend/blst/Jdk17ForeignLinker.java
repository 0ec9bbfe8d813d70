package org.jdrand.crypto.backend.blst;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemoryLayout;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * {@link ForeignLinker} on JDK 17's incubator API (jdk.incubator.foreign; its API changed in 18
 * and the module is gone since 19). Compiled only when the build runs on JDK 17; usable only when
 * the JVM runs with {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}
 * (else creating it fails and the blst backend stays on jblst).
 */
final class Jdk17ForeignLinker implements ForeignLinker {
    /** All of the address space, for reads and writes at raw addresses this package allocated. */
    private final MemorySegment all = MemorySegment.globalNativeSegment();
    private final CLinker linker = CLinker.getInstance();
    private final SymbolLookup lookup = SymbolLookup.loaderLookup();

    @Override
    public MethodHandle downcall(String symbol, MethodType type, boolean shortCall) {
        // JDK 17 has no public option for short calls: every downcall makes the full transition
        MemoryAddress address = lookup.lookup(symbol)
                .orElseThrow(() -> new IllegalStateException("blst: symbol " + symbol + " not found"));
        MemoryLayout[] args = new MemoryLayout[type.parameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = layout(type.parameterType(i));
        }
        FunctionDescriptor fd = type.returnType() == void.class
                ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(layout(type.returnType()), args);
        return linker.downcallHandle(address, type, fd);
    }

    private static MemoryLayout layout(Class<?> carrier) {
        if (carrier == long.class) {
            return CLinker.C_LONG_LONG;
        }
        if (carrier == int.class) {
            return CLinker.C_INT;
        }
        if (carrier == byte.class) {
            return CLinker.C_CHAR;
        }
        throw new IllegalArgumentException("foreign linker: carrier " + carrier + " (long, int or byte)");
    }

    @Override
    public long allocateForever(long bytes) {
        return MemorySegment.allocateNative(bytes, 8, ResourceScope.globalScope()).address().toRawLongValue();
    }

    @Override
    public Block allocateBlock(long bytes) {
        MemorySegment segment = MemorySegment.allocateNative(bytes, 8, ResourceScope.newImplicitScope());
        return new SegmentBlock(segment, segment.address().toRawLongValue());
    }

    /** Holding the segment keeps its implicit scope, hence the memory, alive. */
    private record SegmentBlock(MemorySegment segment, long address) implements Block {}

    @Override
    public Frame frame() {
        ResourceScope scope = ResourceScope.newConfinedScope();
        return new Frame() {
            @Override
            public long allocate(long bytes) {
                return MemorySegment.allocateNative(bytes, 8, scope).address().toRawLongValue();
            }

            @Override
            public void close() {
                scope.close();
            }
        };
    }

    @Override
    public void copy(byte[] from, long to) {
        all.asSlice(to, from.length).copyFrom(MemorySegment.ofArray(from));
    }

    @Override
    public void copy(long[] from, long to) {
        all.asSlice(to, 8L * from.length).copyFrom(MemorySegment.ofArray(from));
    }

    @Override
    public void copy(long from, byte[] to) {
        MemorySegment.ofArray(to).copyFrom(all.asSlice(from, to.length));
    }

    @Override
    public void copy(long from, long[] to) {
        MemorySegment.ofArray(to).copyFrom(all.asSlice(from, 8L * to.length));
    }

    @Override
    public long getLong(long address) {
        return MemoryAccess.getLongAtOffset(all, address);
    }

    @Override
    public void setLong(long address, long value) {
        MemoryAccess.setLongAtOffset(all, address, value);
    }
}
