package org.jdrand.node.tls;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a node talks to its peers. Outgoing connections use TLS (system roots, or only the CA of
 * {@code caFile}) unless {@code insecure} says plaintext for a trusted network; there is no
 * fallback from one to the other (drand's 2024 testnet outage). The private listener serves TLS
 * when a certificate and key are given, else plaintext h2c (e.g. behind a TLS-terminating proxy).
 *
 * @param certFile PEM certificate chain of the private listener, or null
 * @param keyFile  PEM PKCS#8 private key of the private listener, or null
 * @param caFile   PEM CA certificates trusted for outgoing TLS, or null for the system roots
 * @param insecure plaintext outgoing connections
 */
public record TlsConfig(Path certFile, Path keyFile, Path caFile, boolean insecure) {
    public TlsConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls: --tls-cert and --tls-key go together (got only "
                    + (certFile != null ? "--tls-cert" : "--tls-key") + ")");
        }
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("tls: --insecure and --tls-ca contradict each other (plaintext "
                    + "has no CA): choose one");
        }
        for (Path p : new Path[] {certFile, keyFile, caFile}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("tls: cannot read " + p);
            }
        }
    }

    /** Plaintext both ways: loopback tests and trusted networks. */
    public static TlsConfig plaintext() {
        return new TlsConfig(null, null, null, true);
    }

    public boolean servesTls() {
        return certFile != null;
    }

    /** Credentials for dialling peers: TLS unless insecure, never both. */
    public ChannelCredentials channelCredentials() {
        if (insecure) {
            return InsecureChannelCredentials.create();
        }
        if (caFile == null) {
            return TlsChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("tls: bad CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** Credentials of the private listener. */
    public ServerCredentials serverCredentials() {
        if (certFile == null) {
            return InsecureServerCredentials.create();
        }
        try {
            return TlsServerCredentials.create(certFile.toFile(), keyFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("tls: bad certificate or key (" + certFile + ", " + keyFile + "): "
                    + e.getMessage(), e);
        }
    }

    public String describe() {
        return "listener=" + (servesTls() ? "tls" : "plaintext") + " outgoing="
                + (insecure ? "plaintext" : caFile == null ? "tls(system roots)" : "tls(ca " + caFile.getFileName() + ")");
    }
}
