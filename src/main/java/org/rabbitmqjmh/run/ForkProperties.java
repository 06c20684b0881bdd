package org.rabbitmqjmh.run;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerCounters;
import org.rabbitmqjmh.broker.BrokerCpu;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.broker.Listeners;
import org.rabbitmqjmh.broker.TlsTrust;
import org.rabbitmqjmh.host.RunFolder;

/**
 * What every fork and every side of an interleaved run is told, decided in one place: the broker's URI
 * file, its witnesses (where its counters and CPU time are read, its other protocols' ports and CA), the
 * run folder, and the user's own {@code -Drabbitmq.*}/{@code -Drabbitmqjmh.*} properties but those the
 * launcher decides itself. The two do-not-forward lists sit side by side below.
 */
public final class ForkProperties {

    /** System properties with these prefixes are passed on to the forks. */
    private static final List<String> FORWARDED = List.of("rabbitmqjmh.", "rabbitmq.");

    /**
     * Not forwarded to a fork of this launcher: it reads the broker from the URI file, its counters, CPU
     * and run folder from what the launcher decided; a fork told -Drabbitmq.broker=local would start a
     * node of its own instead of using the launcher's.
     */
    private static final Set<String> NOT_TO_FORKS = Set.of(
            BrokerSettings.URI,
            RunFolder.PROPERTY,
            BrokerSettings.METRICS_URI,
            BrokerSettings.BROKER,
            BrokerCpu.PROPERTY);

    /**
     * Not forwarded to a side's launcher (--against): as for a fork, and each side's launcher names its
     * own run folder (under RUN/&lt;side&gt;/runs) and, given a URI, splits no CPUs and starts no cluster.
     */
    private static final Set<String> NOT_TO_SIDES = Set.of(
            BrokerSettings.URI,
            RunFolder.PROPERTY,
            RunFolder.RESULTS_ROOT,
            CpuSplit.PROPERTY,
            BrokerSettings.METRICS_URI,
            BrokerSettings.BROKER,
            BrokerCpu.PROPERTY,
            BrokerSettings.CLUSTER);

    private ForkProperties() {}

    /** The -D arguments of every fork of this launcher's passes. */
    public static List<String> forPasses(Path uriFile, Path runDir, List<String> witnesses) {
        List<String> props = new ArrayList<>();
        props.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
        props.add("-D" + RunFolder.PROPERTY + "=" + runDir.toAbsolutePath());
        props.addAll(witnesses);
        props.addAll(forwarded(NOT_TO_FORKS));
        return props;
    }

    /** The user's properties a side's launcher is given (--against). */
    public static List<String> forwardedToSides() {
        return forwarded(NOT_TO_SIDES);
    }

    /** A side's launcher's broker: its URI file, its witnesses, and the user's properties but those. */
    public static List<String> forSide(Path uriFile, List<String> witnesses, List<String> forwarded) {
        List<String> props = new ArrayList<>();
        props.add("-D" + BrokerSettings.URI_FILE + "=" + uriFile);
        props.addAll(witnesses);
        props.addAll(forwarded);
        return props;
    }

    /** This JVM's {@link #FORWARDED} system properties as -D arguments, but for {@code except}. */
    private static List<String> forwarded(Set<String> except) {
        return System.getProperties().stringPropertyNames().stream()
                .filter(k -> FORWARDED.stream().anyMatch(k::startsWith))
                .filter(k -> !except.contains(k))
                .map(k -> "-D" + k + "=" + System.getProperty(k))
                .toList();
    }

    /**
     * What the forks of a broker's side are told besides its URI file: where its counters and its CPU
     * time are read, its other protocols' ports and CA. Says each once.
     */
    public static List<String> witnesses(Broker broker, RunPlan plan, WorkerBarrier workers, PrintStream err) {
        String counters;
        if (workers.enabled()) {
            // The broker counts every worker's messages, each fork only its own: they could never agree.
            err.println(
                    "cross-check: off, " + workers.count() + " workers share the broker and each counts only its own");
            counters = BrokerSettings.METRICS_OFF;
        } else {
            counters = crossCheck(broker, err);
        }
        List<String> witnesses = new ArrayList<>(List.of(
                "-D" + BrokerSettings.METRICS_URI + "=" + counters,
                "-D" + BrokerCpu.PROPERTY + "=" + costs(broker, err)));
        witnesses.addAll(otherProtocols(broker, plan, err));
        return witnesses;
    }

    /**
     * Says once what each message's cost is measured from ({@link CostProfiler}), and returns the value of
     * {@link BrokerCpu#PROPERTY} that tells the forks where the broker's CPU time is.
     */
    private static String costs(Broker broker, PrintStream err) {
        // A broker at a URI that runs on this machine can be named (an interleaved run's sides are told so).
        Optional<String> source = broker.cpuSource()
                .or(() -> Optional.ofNullable(System.getProperty(BrokerCpu.PROPERTY))
                        .filter(v -> BrokerCpu.parse(v).isPresent()));
        err.println("cost per message: client CPU and allocation, broker CPU "
                + source.map(s -> "from " + s)
                        .orElse("unavailable (a broker at a URI: give -D" + BrokerCpu.PROPERTY
                                + "=pid:PID if it runs here)"));
        return source.orElse("off");
    }

    /**
     * Enables, once and before the first fork, the plugins of the listeners the trials need (a broker at a
     * URI is only checked), and hands the forks the listeners' ports and the CA to trust over TLS.
     */
    private static List<String> otherProtocols(Broker broker, RunPlan plan, PrintStream err) {
        if (!plan.listeners().isEmpty()) {
            long t0 = System.nanoTime();
            try {
                broker.enable(plan.listeners());
                err.printf(
                        "listeners: %s ready in %.1f s%n",
                        plan.listeners().stream()
                                .map(l -> l.label()
                                        + l.plugin().map(p -> " (" + p + ")").orElse(""))
                                .collect(Collectors.joining(", ")),
                        (System.nanoTime() - t0) / 1e9);
            } catch (BrokerException e) {
                // A broker at a URI is not ours to reconfigure: the trials that need a missing listener fail,
                // each naming it, and the others run.
                if (broker.source() != BrokerSource.URI) {
                    throw e;
                }
                err.println("listeners: " + e.getMessage() + "; the trials that need it will fail");
            }
        }
        List<String> props = new ArrayList<>(
                List.of("-D" + Listeners.PROPERTY + "=" + broker.listeners().property()));
        broker.caFile().ifPresent(ca -> props.add("-D" + TlsTrust.PROPERTY + "=" + ca));
        return props;
    }

    /**
     * Says once whether the broker's own counters will witness every measurement iteration, and returns
     * the value of {@link BrokerSettings#METRICS_URI} that tells the forks where to read them.
     */
    private static String crossCheck(Broker broker, PrintStream err) {
        List<URI> endpoints = broker.prometheusEndpoints();
        if (!endpoints.isEmpty()) {
            err.println("cross-check: the broker's counters at " + BrokerCounters.property(endpoints)
                    + (endpoints.size() > 1 ? " (added up)" : "") + " witness every measurement iteration");
            return BrokerCounters.property(endpoints);
        }
        if (BrokerSettings.METRICS_OFF.equals(System.getProperty(BrokerSettings.METRICS_URI))) {
            err.println("cross-check: off (-D" + BrokerSettings.METRICS_URI + "=" + BrokerSettings.METRICS_OFF + ")");
        } else {
            err.println("cross-check: off, the broker serves no rabbitmq_prometheus counters (tried port 15692 of its "
                    + "host); enable the plugin or give -D" + BrokerSettings.METRICS_URI + "=URL");
        }
        return BrokerSettings.METRICS_OFF;
    }
}
