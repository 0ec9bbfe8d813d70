package org.jdrand.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.jdrand.node.store.ChainStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module direction of ARCHITECTURE.md that Maven's enforcer cannot see: pure modules read
 * no clock, start no threads, touch no disk or sockets and do not log. beacon-node's test
 * classpath holds every module, so the rules are checked here.
 */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // test classes shared through test-jars (crypto's fixtures) are tests too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.jdrand");
    }

    @Test
    void pureModulesReadNoClock() {
        noClasses().that().resideInAnyPackage("org.jdrand.crypto..", "org.jdrand.dkg..", "org.jdrand.http..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.InstantSource.class, "system")
                .because("time is injected (InstantSource) at the node's composition root")
                .check(classes);
    }

    @Test
    void cryptoAndDkgArePure() {
        noClasses().that().resideInAnyPackage("org.jdrand.crypto..", "org.jdrand.dkg..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.net..", "java.nio.file..", "java.nio.channels..", "java.sql..",
                        "org.slf4j..", "io.grpc..", "com.google.protobuf..", "io.netty..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.io.File.class,
                        java.io.FileInputStream.class, java.io.FileOutputStream.class,
                        java.util.concurrent.ExecutorService.class)
                .because("crypto and dkg are pure: no threads, sockets, disk or logging")
                .check(classes);
    }

    @Test
    void protobufStopsAtTheGrpcAdapter() {
        noClasses().that().resideInAnyPackage("org.jdrand.crypto..", "org.jdrand.dkg..", "org.jdrand.http..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdrand.proto..", "org.jdrand.node..")
                .because("dependencies point down the module table")
                .check(classes);
    }

    @Test
    void theNodesCoreSpeaksNoProtobuf() {
        // node.grpc (services, clients, the drand mapper ProtoMapper, and grpc.dkg with the DKG's DkgWire)
        // and the CLI's control client are the adapter
        noClasses().that().resideInAPackage("org.jdrand.node..")
                .and().resideOutsideOfPackages("org.jdrand.node.grpc..", "org.jdrand.node.cli.control..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdrand.proto..", "com.google.protobuf..")
                .because("protobuf stops at the gRPC adapter: the daemon, DKG ceremony, round engine, stores, "
                        + "sync, relay, demo, metrics, keys, HTTP and the CLI's commands work on domain values")
                .check(classes);
    }

    @Test
    void theDemoSitsBelowTheCli() {
        noClasses().that().resideInAPackage("org.jdrand.node.demo..")
                .should().dependOnClassesThat().resideInAPackage("org.jdrand.node.cli..")
                .because("the CLI registers the demo; the demo runs commands through picocli's root, not Main")
                .check(classes);
    }

    @Test
    void onlyTheRoundEngineWritesANodesChain() {
        DescribedPredicate<JavaMethodCall> chainWrite = new DescribedPredicate<>(
                "a chain store write (append, appendAll, repair)") {
            @Override
            public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isAssignableTo(ChainStore.class)
                        && Set.of("append", "appendAll", "repair").contains(call.getName());
            }
        };
        noClasses().that().resideOutsideOfPackages("org.jdrand.node.engine..", "org.jdrand.node.store..",
                        "org.jdrand.node.relay..")
                .should().callMethodWhere(chainWrite)
                .because("a node's chain has one writer, its RoundEngine (sync and operator repair hand it verified "
                        + "beacons); a relay's memory chain has its RelaySource")
                .check(classes);
    }

    /** Any constructor call of {@code type}. */
    private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaConstructorCall> constructing(Class<?> type) {
        return new DescribedPredicate<>("a constructor of " + type.getSimpleName()) {
            @Override
            public boolean test(com.tngtech.archunit.core.domain.JavaConstructorCall call) {
                return call.getTargetOwner().isEquivalentTo(type);
            }
        };
    }

    @Test
    void onlyTheSupervisorStartsBeaconProcesses() {
        noClasses().that().doNotBelongToAnyOf(org.jdrand.node.daemon.BeaconSupervisor.class)
                .should().callConstructorWhere(constructing(org.jdrand.node.beacon.BeaconProcess.class))
                .because("one supervisor starts, replaces and stops a node's beacons, and tells the HTTP API")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootWiresADaemon() {
        noClasses().that().resideOutsideOfPackage("org.jdrand.node.assembly..")
                .and().doNotBelongToAnyOf(org.jdrand.node.daemon.Daemon.class)
                .should().callConstructorWhere(constructing(org.jdrand.node.daemon.Daemon.class))
                .because("a node's object graph is built once, by NodeAssembly, from an immutable NodeConfig "
                        + "(Daemon.standalone serves tests and benchmarks)")
                .check(classes);
    }
}
