package org.jdrand.node.cli;

import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.LoadBeaconRequest;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand load --id ID}: starts a beacon from its files in the running daemon (drand load). */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads a beacon ID from the daemon's --folder (key pair, group file, share, chain store) into"
            + " the running daemon: after 'jdrand stop --id ID', or after generate-keypair for a beacon ID "
            + "the daemon did not know when it started. Fails if the beacon already runs."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand stop --control 8888 --id quicknet   # stop one beacon",
            "  jdrand load --control 8888 --id quicknet   # and bring it back: it catches up from its peers"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:loaded", "1:refused (already running, files missing) or daemon unreachable",
            "2:invalid arguments"})
public final class LoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888", description = "Control port (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Beacon ID to load.")
    String beaconId;

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(control)) {
            ControlGrpc.ControlBlockingStub stub = ControlGrpc.newBlockingStub(c.channel());
            Metadata md = Metadata.newBuilder().setBeaconID(beaconId).build();
            try {
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).loadBeacon(LoadBeaconRequest.newBuilder().setMetadata(md).build());
            } catch (StatusRuntimeException e) {
                spec.commandLine().getErr().println("load: " + c.explain(e));
                return 1;
            }
            try {
                StatusResponse s = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .status(StatusRequest.newBuilder().setMetadata(md).build());
                spec.commandLine().getOut().println("beacon " + beaconId + " loaded: last stored round "
                        + s.getChainStore().getLastStored() + ", expected " + s.getChainStore().getExpectedLast());
            } catch (StatusRuntimeException e) {
                // a key pair without group or share: loaded, waiting for a DKG
                spec.commandLine().getOut().println("beacon " + beaconId + " loaded: key pair only, waiting for a DKG");
            }
            return 0;
        }
    }
}
