package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificate authorities a TLS client of the suite trusts: the CA file named by
 * {@code -Drabbitmq.tls.ca} (PEM, one or more certificates), else the JDK's own trust store. The
 * launcher names its private node's run CA this way for the forks. Never "trust everything": a number
 * measured over TLS must be the cost of a real handshake and real verification.
 */
public final class TlsTrust {

    public static final String PROPERTY = "rabbitmq.tls.ca";

    private TlsTrust() {}

    /** The CA file given to this JVM, if any. */
    public static Optional<Path> caFile() {
        return Optional.ofNullable(System.getProperty(PROPERTY))
                .filter(s -> !s.isBlank())
                .map(Path::of);
    }

    /** The CA certificates to trust: the file's, or none (meaning the JDK's defaults). */
    public static Collection<X509Certificate> certificates(Optional<Path> caFile) {
        if (caFile.isEmpty()) {
            return List.of();
        }
        Path file = caFile.get();
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new BrokerException(problem(file, "it holds no certificate"));
            }
            return read.stream().map(c -> (X509Certificate) c).toList();
        } catch (IOException e) {
            throw new BrokerException(problem(file, FileProblems.reason(e)));
        } catch (CertificateException e) {
            throw new BrokerException(problem(file, "not a PEM certificate file (" + e.getMessage() + ")"));
        }
    }

    /** An SSLContext that trusts {@link #certificates}, or the JDK's trust store when no file is named. */
    public static SSLContext context(Optional<Path> caFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            Collection<X509Certificate> cas = certificates(caFile);
            if (cas.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : cas) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                tmf.init(store);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new BrokerException("cannot set up TLS: " + e.getMessage());
        }
    }

    private static String problem(Path file, String why) {
        return "cannot use the TLS trust store " + file + " (-D" + PROPERTY + "): " + why
                + "; allowed: a PEM file of CA certificates";
    }
}
