package org.jdrand.crypto.backend.blst;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;

/**
 * blst's own complete map, blst_map_to_g1 / blst_map_to_g2(u₀, u₁) (both maps, the addition and
 * the clearing), called through the linker: the reference the deferred maps' chosen-u tests
 * compare {@code clear(mapUncleared(u₀, u₁))} with.
 */
final class BlstMapReference {
    private final BlstNative blst = BlstNative.load(Runtime.version().feature());
    private final ForeignLinker memory = blst.memory();
    private final Group group;
    private final NativeCurve curve;
    private final int elementBytes;
    private final MethodHandle map;

    BlstMapReference(Group group) {
        this.group = group;
        this.curve = group == Group.G1 ? NativeCurve.g1(blst) : NativeCurve.g2(blst);
        this.elementBytes = group == Group.G1 ? BlstNative.FP : BlstNative.FP2;
        this.map = memory.downcall(group == Group.G1 ? "blst_map_to_g1" : "blst_map_to_g2",
                MethodType.methodType(void.class, long.class, long.class, long.class), true);
    }

    /** H for u₀, u₁ given as Montgomery limbs (6 per Fp element, an Fp2's real part first). */
    Point map(long[] u0, long[] u1) throws Throwable {
        byte[] bytes = new byte[curve.affine()];
        try (ForeignLinker.Frame f = memory.frame()) {
            long u = f.allocate(2L * elementBytes);
            long out = f.allocate(curve.jacobian());
            long affine = f.allocate(curve.affine());
            memory.copy(u0, u);
            memory.copy(u1, u + elementBytes);
            map.invokeExact(out, u, u + elementBytes);
            curve.serialize(affine, out);
            memory.copy(affine, bytes);
        }
        return group == Group.G1 ? BlstPoint.ofG1(new supranational.blst.P1_Affine(bytes).to_jacobian())
                : BlstPoint.ofG2(new supranational.blst.P2_Affine(bytes).to_jacobian());
    }
}
