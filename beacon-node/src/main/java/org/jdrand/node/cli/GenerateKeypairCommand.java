package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeAddress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jdrand generate-keypair <host:port>}: creates the node's long-term key pair with a valid
 * self-signature in {@code <folder>/multibeacon/<id>/key/}, as drand does. Refuses to overwrite
 * an existing key pair; prints the public key file and the public identity, never the secret.
 */
@Command(name = "generate-keypair", mixinStandardHelpOptions = true,
        description = {"Generates the node's key pair (drand_id.private, 0600, and drand_id.public) for one beacon ID.",
            "The address is the host:port other nodes reach this node's private (gRPC) listener at."},
        footerHeading = "%nExample:%n",
        footer = {"  jdrand generate-keypair --folder /var/lib/jdrand --id quicknet --scheme bls-unchained-g1-rfc9380 "
                + "node1.example.org:4444"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:key pair written", "1:key pair exists or cannot be written", "2:invalid arguments"})
public final class GenerateKeypairCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<host:port>", description = "Address of this node's private listener.")
    String address;

    @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
    Path folder = Path.of(System.getProperty("user.home"), ".drand");

    @Option(names = "--id", paramLabel = "ID", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId = KeyStore.DEFAULT_BEACON_ID;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "Scheme ID (default: $SCHEME_ID, else pedersen-bls-chained); one of: pedersen-bls-chained, "
                    + "pedersen-bls-unchained, bls-unchained-g1-rfc9380, bls-unchained-on-g1, bls-bn254-unchained-on-g1.")
    String scheme;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
            description = "Control port of a running daemon, told to load the new key pair (LoadBeacon, as drand "
                    + "does); nothing happens when no daemon runs there (default: ${DEFAULT-VALUE}).")
    String control;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        Scheme s;
        KeyStore store;
        try {
            NodeAddress.requireValid(address);
            String schemeId = scheme != null ? scheme : System.getenv().getOrDefault("SCHEME_ID", "");
            s = Scheme.byId(schemeId);
            store = new KeyStore(folder, beaconId, new Bls(BlsBackends.fromSystemProperty(err::println)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "generate-keypair: " + e.getMessage());
        }
        if (store.hasKeyPair()) {
            err.println("generate-keypair: a key pair already exists in " + store.keyFolder()
                    + " (refusing to overwrite; remove it or choose another --folder or --id)");
            return 1;
        }
        try {
            KeyPair pair = KeyPair.generate(store.bls(), s, address, new SecureRandom());
            store.saveKeyPair(pair);
            out.println("Generated keys for beacon ID \"" + store.beaconId() + "\" (" + s.id() + ").");
            out.println("Public key file: " + store.publicKeyFile());
            out.println("Private key file (keep it secret, mode 0600): " + store.privateKeyFile());
            out.println();
            out.print(Files.readString(store.publicKeyFile()));
            tellDaemon(out, store.beaconId());
            out.flush();
            return 0;
        } catch (KeyFileException | java.io.IOException e) {
            err.println("generate-keypair: " + e.getMessage());
            return 1;
        }
    }

    /** drand's generate-keypair then asks a running daemon to load the beacon ID (it waits for a ceremony). */
    private void tellDaemon(PrintWriter out, String id) {
        try (ControlClient c = new ControlClient(control)) {
            c.loadBeacon(id, java.time.Duration.ofSeconds(5));
            out.println("The daemon on control port " + control + " loaded beacon ID \"" + id + "\".");
        } catch (ControlException e) {
            if (e.reason() != ControlException.Reason.UNREACHABLE) {
                out.println("Note: the daemon on control port " + control + " did not load it: " + e.description());
            }
        }
    }
}
