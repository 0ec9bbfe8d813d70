package org.jdrand.node.cli;

import java.nio.file.Path;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyStore;
import picocli.CommandLine.Option;

/** --folder and --id for the offline util commands. */
final class FolderOptions {
    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--id", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;

    KeyStore keys() {
        return new KeyStore(folder, beaconId, new Bls(BlsBackends.fromSystemProperty(s -> { })));
    }
}
