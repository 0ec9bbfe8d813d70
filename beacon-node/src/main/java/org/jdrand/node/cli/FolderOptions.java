package org.jdrand.node.cli;

import java.nio.file.Path;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.daemon.FolderLock;
import org.jdrand.node.key.KeyStore;
import picocli.CommandLine.Option;

/** --folder and --id for the offline util commands. */
final class FolderOptions {
    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--id", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;

    /**
     * The folder's daemon lock ({@link FolderLock}) for a command that writes what a running
     * daemon holds, or null when the folder does not exist (nothing a daemon could be using).
     *
     * @throws java.io.IOException naming the daemon's pid when one is running on the folder
     */
    FolderLock lockIfPresent() throws java.io.IOException {
        return java.nio.file.Files.isDirectory(folder) ? FolderLock.acquire(folder) : null;
    }

    KeyStore keys() {
        return new KeyStore(folder, beaconId, new Bls(BlsBackends.fromSystemProperty(s -> { })));
    }
}
