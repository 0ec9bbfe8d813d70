package org.jdrand.node.cli;

import java.nio.file.Path;
import org.jdrand.node.tls.TlsConfig;
import picocli.CommandLine.Option;

/** How the CLI or the daemon dials other nodes: TLS by default, plaintext only when asked. */
final class PeerDialOptions {
    @Option(names = "--insecure", description = "Dial other nodes in plaintext (trusted networks only; default: TLS).")
    boolean insecure;

    @Option(names = "--tls-ca", paramLabel = "CA.pem",
            description = "Trust only this CA (PEM) for TLS to other nodes (default: the system roots).")
    Path caFile;

    TlsConfig dialOnly() {
        return new TlsConfig(null, null, caFile, insecure);
    }
}
