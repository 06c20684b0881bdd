package org.rabbitmqjmh.run;

import com.rabbitmq.client.impl.ClientVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.util.Version;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.Uris;

/**
 * {@code environment.properties} of a run folder: the machine, the JVM, the libraries, the broker (its
 * URI masked), the CPU split and the JMH arguments of every pass, so that a result can be read, and
 * re-made, without its author.
 */
public final class RunEnvironment {

    private RunEnvironment() {}

    /**
     * @param cores the machine's CPUs as the launcher saw them before pinning itself (after which the JVM
     *     counts only the benchmark's)
     */
    public static void write(Launch launch, List<String> passArgs, Map<String, String> extra) throws IOException {
        write(
                launch.runDir(),
                launch.cores(),
                launch.broker(),
                launch.cpus(),
                launch.launcher().profile(),
                passArgs,
                extra);
    }

    private static void write(
            Path runDir,
            int cores,
            Broker broker,
            CpuSplit cpus,
            String profile,
            List<String> passArgs,
            Map<String, String> extra)
            throws IOException {
        Properties env = new Properties();
        env.setProperty("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.setProperty(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.setProperty("cpu.model", cpuModel());
        env.setProperty("cores", Integer.toString(cores));
        env.setProperty("memory.total.bytes", Long.toString(totalMemory()));
        env.setProperty("jmh.version", Version.getPlainVersion());
        env.setProperty("amqp-client.version", ClientVersion.VERSION);
        env.setProperty("broker.source", broker.source().key());
        env.setProperty("broker.version", broker.version());
        env.setProperty("broker.uri", Uris.mask(broker.uri()));
        env.setProperty(
                "broker.start.seconds", String.format("%.1f", broker.startTime().toMillis() / 1000.0));
        env.setProperty("cpus", cpus.describe());
        env.setProperty("profile", profile == null ? "none" : profile);
        for (int i = 0; i < passArgs.size(); i++) {
            env.setProperty(passArgs.size() == 1 ? "jmh.args" : "jmh.args.pass" + (i + 1), passArgs.get(i));
        }
        env.setProperty("git.sha", runDir.getFileName().toString().replaceAll("^[^-]+-", ""));
        extra.forEach(env::setProperty);
        try (var out = Files.newBufferedWriter(runDir.resolve("environment.properties"))) {
            env.store(out, "rabbitmq-jmh run environment");
        }
    }

    /** The CPU's model name, part of the machine fingerprint that keys a result history. */
    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long totalMemory() {
        try {
            return Arrays.stream(Files.readAllLines(Path.of("/proc/meminfo"))
                                    .get(0)
                                    .split("\\s+"))
                            .filter(s -> s.matches("\\d+"))
                            .mapToLong(Long::parseLong)
                            .findFirst()
                            .orElse(0)
                    * 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
