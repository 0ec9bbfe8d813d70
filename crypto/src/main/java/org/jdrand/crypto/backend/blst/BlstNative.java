package org.jdrand.crypto.backend.blst;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Direct calls into the blst library that jblst has already loaded, through the JDK's foreign
 * linker ({@link ForeignLinker}): the C functions jblst's SWIG layer does not wrap (field
 * arithmetic, map-to-curve building blocks, multi-scalar multiplication). No native code of our
 * own: every symbol is an export of jblst's bundled libblst.
 *
 * <p>blst's types as laid out on 64-bit platforms: {@code blst_fp} = 6 little-endian 64-bit
 * limbs in Montgomery form (48 bytes), {@code blst_fp2} = (real, imaginary) (96 bytes),
 * {@code blst_p2} = Jacobian (X, Y, Z) over Fp2 (288 bytes), {@code blst_p2_affine} = (X, Y)
 * (192 bytes). Every pointer is a raw address ({@code long}) into memory from {@link #memory()}.
 */
final class BlstNative {
    static final int FP = 48;
    static final int FP2 = 96;
    static final int P2 = 288;
    static final int P2_AFFINE = 192;
    static final int P1 = 144;
    static final int P1_AFFINE = 96;

    /** The class implementing {@link ForeignLinker} on JDK 17 (jdk.incubator.foreign, whose API changed in 18). */
    static final String JDK17_LINKER = "Jdk17ForeignLinker";
    /** The class implementing {@link ForeignLinker} on JDK 22+ (java.lang.foreign, final since 22). */
    static final String JDK22_LINKER = "Jdk22ForeignLinker";

    private static final Class<?> L = long.class;

    private final ForeignLinker memory;

    BlstNative(ForeignLinker linker) {
        memory = linker;
        synchronized (BlstNative.class) {
            if (bindWith == null) {
                bindWith = linker;
            }
        }
        try {
            H.bind();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. a missing symbol: IllegalStateException
            }
            throw e;
        }
    }

    /** The linker {@link H} binds its handles with: the first one given to a constructor. */
    private static ForeignLinker bindWith;

    /**
     * The downcall handles, in static finals: C2 folds a constant handle into a direct native call.
     * From an instance field it cannot, and JDK 17's linker then runs a call through its generic
     * path (ProgrammableInvoker.invokeMoves) until the handle's own code is customized and
     * compiled (docs/PERFORMANCE.md, session 13).
     */
    private static final class H {
        static final MethodHandle fp2Add;
        static final MethodHandle fp2Mul;
        static final MethodHandle fp2Sqr;
        static final MethodHandle fp2Cneg;
        static final MethodHandle fp2EuclInverse;
        static final MethodHandle fp2IsSquare;
        static final MethodHandle fp2Sqrt;
        static final MethodHandle fpAdd;
        static final MethodHandle fpSub;
        static final MethodHandle fpMul;
        static final MethodHandle fpSqr;
        static final MethodHandle fpCneg;
        static final MethodHandle fpEuclInverse;
        static final MethodHandle fpSqrt;
        static final MethodHandle fpFromBeBytes;
        static final MethodHandle fpFrom;
        static final MethodHandle expandMessageXmd;
        static final MethodHandle p2AddOrDouble;
        static final MethodHandle p2UncheckedMult;
        static final MethodHandle p2sToAffine;
        static final MethodHandle p2sMultPippenger;
        static final MethodHandle p2sMultPippengerScratchSizeof;
        static final MethodHandle p2Serialize;
        static final MethodHandle p2Deserialize;
        static final MethodHandle p2FromAffine;
        static final MethodHandle p1sToAffine;
        static final MethodHandle p1sMultPippenger;
        static final MethodHandle p1sMultPippengerScratchSizeof;
        static final MethodHandle p1Serialize;
        static final MethodHandle p1Deserialize;
        static final MethodHandle p1FromAffine;
        static final MethodHandle p1UncheckedMult;
        static final MethodHandle p1sAdd;
        static final MethodHandle p1AddOrDouble;
        static final MethodHandle p1InG1;
        static final MethodHandle p2sAdd;
        static final MethodHandle p2InG2;

        static {
            ForeignLinker linker = bindWith;
            // field arithmetic and single-point work: short, never blocking
            fp2Add = linker.downcall("blst_fp2_add", pointers(3), true);
            fp2Mul = linker.downcall("blst_fp2_mul", pointers(3), true);
            fp2Sqr = linker.downcall("blst_fp2_sqr", pointers(2), true);
            fp2Cneg = linker.downcall("blst_fp2_cneg", MethodType.methodType(void.class, L, L, byte.class), true);
            fp2EuclInverse = linker.downcall("blst_fp2_eucl_inverse", pointers(2), true);
            fp2IsSquare = linker.downcall("blst_fp2_is_square", MethodType.methodType(byte.class, L), true);
            fp2Sqrt = linker.downcall("blst_fp2_sqrt", MethodType.methodType(byte.class, L, L), true);
            fpAdd = linker.downcall("blst_fp_add", pointers(3), true);
            fpSub = linker.downcall("blst_fp_sub", pointers(3), true);
            fpMul = linker.downcall("blst_fp_mul", pointers(3), true);
            fpSqr = linker.downcall("blst_fp_sqr", pointers(2), true);
            fpCneg = linker.downcall("blst_fp_cneg", MethodType.methodType(void.class, L, L, byte.class), true);
            fpEuclInverse = linker.downcall("blst_fp_eucl_inverse", pointers(2), true);
            fpSqrt = linker.downcall("blst_fp_sqrt", MethodType.methodType(byte.class, L, L), true);
            fpFromBeBytes = linker.downcall("blst_fp_from_be_bytes", pointers(3), true);
            fpFrom = linker.downcall("blst_fp_from", pointers(2), true);
            expandMessageXmd = linker.downcall("blst_expand_message_xmd", pointers(6), true);
            p2AddOrDouble = linker.downcall("blst_p2_add_or_double", pointers(3), true);
            p2Serialize = linker.downcall("blst_p2_serialize", pointers(2), true);
            p2FromAffine = linker.downcall("blst_p2_from_affine", pointers(2), true);
            p2Deserialize = linker.downcall("blst_p2_deserialize", MethodType.methodType(int.class, L, L), true);
            p2sMultPippengerScratchSizeof = linker.downcall("blst_p2s_mult_pippenger_scratch_sizeof",
                    MethodType.methodType(long.class, L), true);
            // work that grows with the batch: a regular call, so the JVM can reach safepoints meanwhile
            p2UncheckedMult = linker.downcall("blst_p2_unchecked_mult", pointers(4), false);
            p2sToAffine = linker.downcall("blst_p2s_to_affine", pointers(3), false);
            p2sMultPippenger = linker.downcall("blst_p2s_mult_pippenger", pointers(6), false);
            // G1 (quicknet's signatures and hashes): serialization, batch sums
            p1Serialize = linker.downcall("blst_p1_serialize", pointers(2), true);
            p1FromAffine = linker.downcall("blst_p1_from_affine", pointers(2), true);
            p1Deserialize = linker.downcall("blst_p1_deserialize", MethodType.methodType(int.class, L, L), true);
            p1sMultPippengerScratchSizeof = linker.downcall("blst_p1s_mult_pippenger_scratch_sizeof",
                    MethodType.methodType(long.class, L), true);
            p1UncheckedMult = linker.downcall("blst_p1_unchecked_mult", pointers(4), false);
            p1sToAffine = linker.downcall("blst_p1s_to_affine", pointers(3), false);
            p1sMultPippenger = linker.downcall("blst_p1s_mult_pippenger", pointers(6), false);
            // the batched subgroup checks of decoded signatures (SubgroupBatch)
            p1sAdd = linker.downcall("blst_p1s_add", pointers(3), false);
            p1AddOrDouble = linker.downcall("blst_p1_add_or_double", pointers(3), true);
            p1InG1 = linker.downcall("blst_p1_in_g1", MethodType.methodType(byte.class, L), true);
            p2sAdd = linker.downcall("blst_p2s_add", pointers(3), false);
            p2InG2 = linker.downcall("blst_p2_in_g2", MethodType.methodType(byte.class, L), true);
        }

        /** Initializes this class (binds every handle) or throws why it cannot. */
        static void bind() {
            // nothing: calling it initializes the class
        }
    }

    /**
     * Binds libblst through the foreign linker of the running JDK.
     *
     * @param jdkFeature the running JDK's feature release ({@code Runtime.version().feature()})
     * @throws UnsupportedOperationException when this JDK or this build has no foreign-linker path
     * @throws LinkageError or another {@link RuntimeException} (IllegalCallerException without
     *     {@code --enable-native-access} on JDK 17, IllegalStateException for a missing symbol) when
     *     the linker cannot be used; the caller then stays on jblst
     */
    static BlstNative load(int jdkFeature) {
        String name = jdkFeature == 17 ? JDK17_LINKER : jdkFeature >= 22 ? JDK22_LINKER : null;
        if (name == null) {
            throw new UnsupportedOperationException("foreign linker: none for JDK " + jdkFeature + " (17 or 22+)");
        }
        Class<?> impl;
        try {
            impl = Class.forName(BlstNative.class.getPackageName() + "." + name);
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("foreign linker: " + name + " not in this build: it is compiled only when "
                    + "the build runs on JDK " + (jdkFeature == 17 ? "17" : "22+"));
        }
        supranational.blst.P2.generator(); // jblst's static initializer loads libblst into this class loader
        try {
            return new BlstNative((ForeignLinker) impl.getDeclaredConstructor().newInstance());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("foreign linker: " + name + " cannot be created", e);
        }
    }

    /** A {@code void f(...)} of {@code n} pointer or size arguments. */
    private static MethodType pointers(int n) {
        Class<?>[] params = new Class<?>[n];
        java.util.Arrays.fill(params, L);
        return MethodType.methodType(void.class, params);
    }

    /** The native memory the pointers of these calls point into. */
    ForeignLinker memory() {
        return memory;
    }

    void fp2Add(long out, long a, long b) {
        try {
            H.fp2Add.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fp2Mul(long out, long a, long b) {
        try {
            H.fp2Mul.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fp2Sqr(long out, long a) {
        try {
            H.fp2Sqr.invokeExact(out, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = −a when {@code negate}, else a. */
    void fp2Cneg(long out, long a, boolean negate) {
        try {
            H.fp2Cneg.invokeExact(out, a, (byte) (negate ? 1 : 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fp2EuclInverse(long out, long a) {
        try {
            H.fp2EuclInverse.invokeExact(out, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    boolean fp2IsSquare(long a) {
        try {
            return (byte) H.fp2IsSquare.invokeExact(a) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = √a; false (out undefined) when a is not a square. */
    boolean fp2Sqrt(long out, long a) {
        try {
            return (byte) H.fp2Sqrt.invokeExact(out, a) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fpAdd(long out, long a, long b) {
        try {
            H.fpAdd.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fpSub(long out, long a, long b) {
        try {
            H.fpSub.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fpMul(long out, long a, long b) {
        try {
            H.fpMul.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fpSqr(long out, long a) {
        try {
            H.fpSqr.invokeExact(out, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = −a if {@code negate}, else a. */
    void fpCneg(long out, long a, boolean negate) {
        try {
            H.fpCneg.invokeExact(out, a, negate ? (byte) 1 : (byte) 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void fpEuclInverse(long out, long a) {
        try {
            H.fpEuclInverse.invokeExact(out, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * out = a^((p+1)/4), whether or not a is a square: √a when it is (then true), else a value
     * whose square is −a (p ≡ 3 mod 4, so −1 is not a square). blst writes it in both cases.
     */
    boolean fpSqrt(long out, long a) {
        try {
            return (byte) H.fpSqrt.invokeExact(out, a) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = the big-endian {@code length}-byte integer at {@code in}, reduced mod p (Montgomery form). */
    void fpFromBeBytes(long out, long in, long length) {
        try {
            H.fpFromBeBytes.invokeExact(out, in, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = a out of Montgomery form (canonical limbs). */
    void fpFrom(long out, long a) {
        try {
            H.fpFrom.invokeExact(out, a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void expandMessageXmd(long out, long outLength, long msg, long msgLength, long dst, long dstLength) {
        try {
            H.expandMessageXmd.invokeExact(out, outLength, msg, msgLength, dst, dstLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p2AddOrDouble(long out, long a, long b) {
        try {
            H.p2AddOrDouble.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = scalar·p for the {@code bits}-bit little-endian scalar at {@code scalar}; p need not be in G2. */
    void p2UncheckedMult(long out, long p, long scalar, long bits) {
        try {
            H.p2UncheckedMult.invokeExact(out, p, scalar, bits);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pointers}: a {start, NULL} array of {@code n} contiguous Jacobian points. */
    void p2sToAffine(long out, long pointers, long n) {
        try {
            H.p2sToAffine.invokeExact(out, pointers, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p2sMultPippenger(long out, long points, long n, long scalars, long bits, long scratch) {
        try {
            H.p2sMultPippenger.invokeExact(out, points, n, scalars, bits, scratch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long p2sMultPippengerScratchSizeof(long n) {
        try {
            return (long) H.p2sMultPippengerScratchSizeof.invokeExact(n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p2Serialize(long out, long p) {
        try {
            H.p2Serialize.invokeExact(out, p);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** blst's BLST_ERROR: 0 on success. */
    int p2Deserialize(long out, long in) {
        try {
            return (int) H.p2Deserialize.invokeExact(out, in);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p2FromAffine(long out, long in) {
        try {
            H.p2FromAffine.invokeExact(out, in);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out (a blst_p1) = RFC 9380 hash_to_curve(msg) in G1, cofactor cleared; no augmentation. */
    /** {@code pointers}: a {start, NULL} array of {@code n} contiguous Jacobian G1 points. */
    void p1sToAffine(long out, long pointers, long n) {
        try {
            H.p1sToAffine.invokeExact(out, pointers, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p1sMultPippenger(long out, long points, long n, long scalars, long bits, long scratch) {
        try {
            H.p1sMultPippenger.invokeExact(out, points, n, scalars, bits, scratch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long p1sMultPippengerScratchSizeof(long n) {
        try {
            return (long) H.p1sMultPippengerScratchSizeof.invokeExact(n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p1Serialize(long out, long p) {
        try {
            H.p1Serialize.invokeExact(out, p);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** blst's BLST_ERROR: 0 on success (the point is on the curve; no subgroup check). */
    int p1Deserialize(long out, long in) {
        try {
            return (int) H.p1Deserialize.invokeExact(out, in);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p1FromAffine(long out, long in) {
        try {
            H.p1FromAffine.invokeExact(out, in);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out = scalar·p for the {@code bits}-bit little-endian scalar at {@code scalar}. */
    void p1UncheckedMult(long out, long p, long scalar, long bits) {
        try {
            H.p1UncheckedMult.invokeExact(out, p, scalar, bits);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * out (a blst_p1) = the sum of {@code n} affine points, {@code pointers} being an array of
     * {@code n} non-NULL pointers to them (blst reads a NULL entry as "the next contiguous point").
     */
    void p1sAdd(long out, long pointers, long n) {
        try {
            H.p1sAdd.invokeExact(out, pointers, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void p1AddOrDouble(long out, long a, long b) {
        try {
            H.p1AddOrDouble.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether the Jacobian point at {@code p} is in G1 (blst's endomorphism test; true for infinity). */
    boolean p1InG1(long p) {
        try {
            return (byte) H.p1InG1.invokeExact(p) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** out (a blst_p2) = the sum of {@code n} affine points (see {@link #p1sAdd}). */
    void p2sAdd(long out, long pointers, long n) {
        try {
            H.p2sAdd.invokeExact(out, pointers, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether the Jacobian point at {@code p} is in G2 (true for infinity). */
    boolean p2InG2(long p) {
        try {
            return (byte) H.p2InG2.invokeExact(p) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
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
