package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS node refuses peers that do not trust its CA, and is not reached in plaintext: an operator
 * dialling it with another CA ({@code dkg generate-proposal --tls-ca}) fails and writes no
 * proposal; with the node's own CA the same command succeeds.
 */
class TlsPeersIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void peerWithUnknownCaIsRefused() throws Exception {
        Pki trusted = Pki.create(dir.resolve("trusted"), "jdrand test CA");
        Pki unknown = Pki.create(dir.resolve("unknown"), "some other CA");
        NodeProcess node = new NodeProcess("tls", dir, List.of(), List.of("--tls-ca", trusted.ca.toString(),
                "--tls-cert", trusted.cert.toString(), "--tls-key", trusted.key.toString()));
        try {
            node.generateKeypair();
            node.start();
            Path refused = dir.resolve("refused.toml");
            Jar.Result r = Jar.cli("dkg", "generate-proposal", "--tls-ca", unknown.ca.toString(), "--joiner",
                    node.address(), "--out", refused.toString());
            assertThat(r.code()).as("unknown CA: " + r.all()).isNotZero();
            assertThat(refused).doesNotExist();
            Jar.Result plain = Jar.cli("dkg", "generate-proposal", "--insecure", "--joiner", node.address(), "--out",
                    refused.toString());
            assertThat(plain.code()).as("plaintext: " + plain.all()).isNotZero();
            assertThat(refused).doesNotExist();

            Path ok = dir.resolve("ok.toml");
            Jar.ok(Jar.cli("dkg", "generate-proposal", "--tls-ca", trusted.ca.toString(), "--joiner", node.address(),
                    "--out", ok.toString()), "the node's own CA");
            assertThat(Files.readString(ok)).contains(node.address());
            assertThat(node.alive()).as("node survived the refused handshakes: " + node.logText()).isTrue();
        } finally {
            node.terminate();
        }
        assertThat(node.alive()).isFalse();
    }

    /** A throwaway CA and one server certificate for 127.0.0.1 signed by it, as PEM files. */
    record Pki(Path ca, Path cert, Path key) {
        static Pki create(Path folder, String caName) throws Exception {
            Files.createDirectories(folder);
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair caKeys = gen.generateKeyPair();
            KeyPair serverKeys = gen.generateKeyPair();
            Date from = Date.from(Instant.now().minus(Duration.ofHours(1)));
            Date to = Date.from(Instant.now().plus(Duration.ofDays(1)));
            X500Name issuer = new X500Name("CN=" + caName);
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(issuer, BigInteger.ONE, from, to, issuer, caKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                            .build(signer));
            X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(issuer, BigInteger.TWO, from, to, new X500Name("CN=127.0.0.1"),
                            serverKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.subjectAlternativeName, false,
                                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                            .build(signer));
            Pki p = new Pki(folder.resolve("ca.pem"), folder.resolve("node.pem"), folder.resolve("node.key"));
            Files.writeString(p.ca(), pem(caCert));
            Files.writeString(p.cert(), pem(serverCert));
            Files.writeString(p.key(), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null).generate()));
            return p;
        }

        private static String pem(Object o) throws Exception {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(o);
            }
            return w.toString();
        }
    }
}
