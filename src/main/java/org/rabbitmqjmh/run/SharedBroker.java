package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerResolver;
import org.rabbitmqjmh.broker.BrokerSettings;

/**
 * The broker a launcher obtains once and its JMH forks share: provisioned by the usual rules, the CPUs
 * split between it and this process (which the forks inherit), and its URI in a file only this user can
 * read ({@code -D}{@link BrokerSettings#URI_FILE} for the forks). Says the broker and CPU lines once.
 * {@link #close()} removes the URI file and stops what was started.
 */
public final class SharedBroker implements AutoCloseable {

    private final Broker broker;
    private final CpuSplit cpus;
    private final Path uriFile;

    private SharedBroker(Broker broker, CpuSplit cpus, Path uriFile) {
        this.broker = broker;
        this.cpus = cpus;
        this.uriFile = uriFile;
    }

    public static SharedBroker start(CpuSplit split, PrintStream err) {
        return share(BrokerResolver.provision(split.broker()), split, err);
    }

    /**
     * A second broker of the run, for the head side alone: {@code nodes} joined, of {@code image} (a
     * container; empty: the usual choice of container or private node).
     */
    public static SharedBroker startOwn(CpuSplit split, int nodes, String image, PrintStream err) {
        return share(BrokerResolver.provision(split.broker(), nodes, image), split, err);
    }

    private static SharedBroker share(Broker broker, CpuSplit split, PrintStream err) {
        try {
            err.println(broker.describe());
            // The forks inherit this JVM's CPUs. A broker at a URI runs elsewhere or is not ours: no split.
            CpuSplit cpus = split.forBroker(broker.source());
            cpus.pinThisProcess();
            err.println(cpus.describe());
            return new SharedBroker(broker, cpus, BrokerSettings.writeUriFile(broker.uris()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public Broker broker() {
        return broker;
    }

    public CpuSplit cpus() {
        return cpus;
    }

    public Path uriFile() {
        return uriFile;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(uriFile);
        } catch (IOException ignored) {
            // a temp file the OS removes anyway (and the next run, by its owner's pid)
        } finally {
            broker.close();
        }
    }
}
