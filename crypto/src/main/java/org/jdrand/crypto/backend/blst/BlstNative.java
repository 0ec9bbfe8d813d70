package org.jdrand.crypto.backend.blst;

import static jdk.incubator.foreign.CLinker.C_CHAR;
import static jdk.incubator.foreign.CLinker.C_LONG_LONG;
import static jdk.incubator.foreign.CLinker.C_POINTER;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.SymbolLookup;

/**
 * Direct calls into the blst library that jblst has already loaded, through the JDK 17 foreign
 * linker (jdk.incubator.foreign): the C functions jblst's SWIG layer does not wrap (field
 * arithmetic, map-to-curve building blocks, multi-scalar multiplication). No native code of our
 * own: every symbol is an export of jblst's bundled libblst.
 *
 * <p>blst's types as laid out on 64-bit platforms: {@code blst_fp} = 6 little-endian 64-bit
 * limbs in Montgomery form (48 bytes), {@code blst_fp2} = (real, imaginary) (96 bytes),
 * {@code blst_p2} = Jacobian (X, Y, Z) over Fp2 (288 bytes), {@code blst_p2_affine} = (X, Y)
 * (192 bytes). Loading this class fails (with a {@link LinkageError}) when the incubator module
 * is not in the boot layer; {@link #load()} fails when native access is not enabled or a symbol
 * is missing: the caller then stays on jblst.
 */
final class BlstNative {
    static final int FP = 48;
    static final int FP2 = 96;
    static final int P2 = 288;
    static final int P2_AFFINE = 192;

    private static final Class<?> A = MemoryAddress.class;

    final MethodHandle fp2Add;
    final MethodHandle fp2Sub;
    final MethodHandle fp2Mul;
    final MethodHandle fp2Sqr;
    final MethodHandle fp2Cneg;
    final MethodHandle fp2EuclInverse;
    final MethodHandle fp2IsSquare;
    final MethodHandle fp2Sqrt;
    final MethodHandle fpFromBeBytes;
    final MethodHandle fpFrom;
    final MethodHandle expandMessageXmd;
    final MethodHandle p2AddOrDouble;
    final MethodHandle p2UncheckedMult;
    final MethodHandle p2sToAffine;
    final MethodHandle p2sMultPippenger;
    final MethodHandle p2sMultPippengerScratchSizeof;
    final MethodHandle p2Serialize;
    final MethodHandle p2Deserialize;
    final MethodHandle p2FromAffine;

    private BlstNative(SymbolLookup lookup, CLinker linker) {
        fp2Add = bind(lookup, linker, "blst_fp2_add", 3);
        fp2Sub = bind(lookup, linker, "blst_fp2_sub", 3);
        fp2Mul = bind(lookup, linker, "blst_fp2_mul", 3);
        fp2Sqr = bind(lookup, linker, "blst_fp2_sqr", 2);
        fp2Cneg = handle(lookup, linker, "blst_fp2_cneg", MethodType.methodType(void.class, A, A, byte.class),
                FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_CHAR)); // bool flag
        fp2EuclInverse = bind(lookup, linker, "blst_fp2_eucl_inverse", 2);
        fp2IsSquare = handle(lookup, linker, "blst_fp2_is_square", MethodType.methodType(byte.class, A),
                FunctionDescriptor.of(C_CHAR, C_POINTER));
        fp2Sqrt = handle(lookup, linker, "blst_fp2_sqrt", MethodType.methodType(byte.class, A, A),
                FunctionDescriptor.of(C_CHAR, C_POINTER, C_POINTER));
        fpFromBeBytes = handle(lookup, linker, "blst_fp_from_be_bytes", MethodType.methodType(void.class, A, A, long.class),
                FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_LONG_LONG));
        fpFrom = bind(lookup, linker, "blst_fp_from", 2);
        expandMessageXmd = handle(lookup, linker, "blst_expand_message_xmd",
                MethodType.methodType(void.class, A, long.class, A, long.class, A, long.class),
                FunctionDescriptor.ofVoid(C_POINTER, C_LONG_LONG, C_POINTER, C_LONG_LONG, C_POINTER, C_LONG_LONG));
        p2AddOrDouble = bind(lookup, linker, "blst_p2_add_or_double", 3);
        p2UncheckedMult = handle(lookup, linker, "blst_p2_unchecked_mult", MethodType.methodType(void.class, A, A, A, long.class),
                FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG));
        p2sToAffine = handle(lookup, linker, "blst_p2s_to_affine", MethodType.methodType(void.class, A, A, long.class),
                FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_LONG_LONG));
        p2sMultPippenger = handle(lookup, linker, "blst_p2s_mult_pippenger",
                MethodType.methodType(void.class, A, A, long.class, A, long.class, A),
                FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER, C_LONG_LONG, C_POINTER));
        p2sMultPippengerScratchSizeof = handle(lookup, linker, "blst_p2s_mult_pippenger_scratch_sizeof",
                MethodType.methodType(long.class, long.class), FunctionDescriptor.of(C_LONG_LONG, C_LONG_LONG));
        p2Serialize = bind(lookup, linker, "blst_p2_serialize", 2);
        p2FromAffine = bind(lookup, linker, "blst_p2_from_affine", 2);
        p2Deserialize = handle(lookup, linker, "blst_p2_deserialize", MethodType.methodType(int.class, A, A),
                FunctionDescriptor.of(jdk.incubator.foreign.CLinker.C_INT, C_POINTER, C_POINTER));
    }

    /**
     * Binds the symbols of the libblst jblst loaded (into this class loader).
     *
     * @throws RuntimeException (IllegalCallerException without {@code --enable-native-access},
     *     IllegalStateException for a missing symbol) when the glue cannot be used
     */
    static BlstNative load() {
        supranational.blst.P2.generator(); // jblst's static initializer loads libblst
        return new BlstNative(SymbolLookup.loaderLookup(), CLinker.getInstance());
    }

    /** A {@code void f(ptr, ...)} of {@code pointers} pointer arguments. */
    private static MethodHandle bind(SymbolLookup lookup, CLinker linker, String name, int pointers) {
        Class<?>[] params = new Class<?>[pointers];
        java.util.Arrays.fill(params, A);
        jdk.incubator.foreign.MemoryLayout[] layouts = new jdk.incubator.foreign.MemoryLayout[pointers];
        java.util.Arrays.fill(layouts, C_POINTER);
        return handle(lookup, linker, name, MethodType.methodType(void.class, params), FunctionDescriptor.ofVoid(layouts));
    }

    private static MethodHandle handle(SymbolLookup lookup, CLinker linker, String name, MethodType type, FunctionDescriptor fd) {
        MemoryAddress symbol = lookup.lookup(name).orElseThrow(() -> new IllegalStateException("blst: symbol " + name + " not found"));
        return linker.downcallHandle(symbol, type, fd);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("blst: native call failed", t);
    }
}
