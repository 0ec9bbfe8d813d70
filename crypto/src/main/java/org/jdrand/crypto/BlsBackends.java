package org.jdrand.crypto;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jdrand.crypto.backend.bc.BouncyCastleBackend;
import org.jdrand.crypto.backend.bn254.Bn254Backend;
import org.jdrand.crypto.backend.blst.BlstBackend;

/**
 * Factories for the BLS backends, for composition roots (daemon, CLI, benchmarks, tests). There is
 * no global default: whoever builds the object graph picks one and passes it down.
 */
public final class BlsBackends {
    /** System property read by {@link #fromSystemProperty}: "blst" (default) or "bouncycastle". */
    public static final String PROPERTY = "jdrand.bls.backend";

    /**
     * System property read by {@link #blst()}: "false" keeps the blst backend on jblst alone even
     * when the JVM allows the foreign linker (see {@link BlstBackend#hashToCurvePath()}).
     */
    public static final String FOREIGN_PROPERTY = "jdrand.bls.foreign";

    private static final BlsBackend BN254 = new Bn254Backend();

    private BlsBackends() {}

    /**
     * The JVM flags that give the blst backend its native map-to-curve on a JVM of this feature
     * release, for whoever starts a JVM: JDK 17 needs the incubator module and native access; every
     * later JDK accepts native access alone (the fast path uses java.lang.foreign from 22 on, and
     * the flag keeps JDK 24+ from warning about jblst's JNI library), and rejects the incubator module.
     */
    public static List<String> nativeJvmFlags(int jdkFeature) {
        if (jdkFeature < 17) {
            throw new IllegalArgumentException("jvm flags: JDK " + jdkFeature + " (17 or newer)");
        }
        return jdkFeature == 17 ? List.of("--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED")
                : List.of("--enable-native-access=ALL-UNNAMED");
    }

    /**
     * The blst backend (with the foreign-linker hashes to G1 and G2 when the JVM allows it, unless
     * {@value #FOREIGN_PROPERTY} is "false").
     *
     * @throws IllegalStateException when the native library cannot be loaded here
     */
    public static BlsBackend blst() {
        try {
            return new BlstBackend(!"false".equalsIgnoreCase(System.getProperty(FOREIGN_PROPERTY, "true").trim()));
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("blst: native library unavailable: " + e, e);
        }
    }

    /** The pure-Java Bouncy Castle backend (10–20x slower, always available). */
    public static BlsBackend bouncyCastle() {
        return new BouncyCastleBackend();
    }

    /** The pure-Java BN254 backend of the evmnet scheme. */
    public static BlsBackend bn254() {
        return BN254;
    }

    /**
     * The backend that holds a scheme's points: the bn254 backend for BN254 schemes, else the
     * configured BLS12-381 backend.
     */
    public static BlsBackend forScheme(BlsBackend configured, Scheme scheme) {
        return scheme.isBn254() ? BN254 : configured;
    }

    /**
     * A backend by name: "blst", or "bouncycastle" (also "bc", "bouncy-castle"), case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     * @throws IllegalStateException when blst is asked for and cannot load
     */
    public static BlsBackend byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "blst":
                return blst();
            case "bouncycastle":
            case "bouncy-castle":
            case "bc":
                return bouncyCastle();
            default:
                throw new IllegalArgumentException("bls backend: unknown name \"" + name + "\" (expected blst or bouncycastle)");
        }
    }

    /**
     * The backend named by the {@value #PROPERTY} system property (blst when unset). When blst is
     * wanted but its native library cannot load, falls back to Bouncy Castle and tells
     * {@code notices} why, so the caller can log it.
     *
     * @throws IllegalArgumentException for an unknown backend name
     */
    public static BlsBackend fromSystemProperty(Consumer<String> notices) {
        String name = System.getProperty(PROPERTY, BlstBackend.NAME);
        try {
            return byName(name);
        } catch (IllegalStateException e) {
            notices.accept("bls backend: blst unavailable, falling back to bouncycastle (slower): " + e.getMessage());
            return bouncyCastle();
        }
    }
}
