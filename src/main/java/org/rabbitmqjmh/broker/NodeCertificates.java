package org.rabbitmqjmh.broker;

import java.io.IOException;
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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and a server certificate made for one private node, so its TLS listeners need nothing from the
 * user and trust nothing beyond the run: the CA's key is never written, the files live in the node's
 * directory and go with it. EC P-256 keys: generating them takes milliseconds, where RSA 2048 would
 * add about a second to every node start. The server certificate names 127.0.0.1 and localhost, so
 * clients verify the host too.
 */
public record NodeCertificates(Path caFile, Path certFile, Path keyFile) {

    static NodeCertificates write(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair ca = gen.generateKeyPair();
            KeyPair server = gen.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(7)));
            X500Name caName = new X500Name("CN=rabbitmq-jmh run CA");
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(
                            caName, serial(), from, to, caName, ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate());
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(caBuilder.build(caSigner));
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(
                            caName, serial(), from, to, new X500Name("CN=localhost"), server.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                    }));
            X509Certificate serverCert =
                    new JcaX509CertificateConverter().getCertificate(serverBuilder.build(caSigner));
            NodeCertificates files =
                    new NodeCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"));
            Files.writeString(files.caFile, pem(caCert));
            Files.writeString(files.certFile, pem(serverCert));
            // PKCS#8, which names the curve: BouncyCastle's SEC1 form of a JDK key leaves it out, and Erlang's
            // TLS then cannot use the key (every handshake fails with handshake_failure).
            Files.writeString(files.keyFile, pem(new JcaPKCS8Generator(server.getPrivate(), null)));
            return files;
        } catch (IOException e) {
            throw new BrokerException(
                    "cannot write the private node's TLS certificates in " + dir + ": " + FileProblems.reason(e));
        } catch (Exception e) {
            throw new BrokerException("cannot make the private node's TLS certificates: " + e.getMessage());
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }
}
