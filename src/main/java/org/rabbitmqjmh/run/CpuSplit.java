package org.rabbitmqjmh.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.host.Affinity;

/**
 * Which CPUs the broker gets and which the benchmark JVMs get, when the launcher starts the broker on
 * this machine. {@code -Drabbitmqjmh.cpus=split} (the default) gives the broker the first half of the
 * CPUs this process may use and the benchmark JVMs the rest; {@code shared} lets them share every CPU;
 * {@code BROKER/CLIENT} names both lists, e.g. {@code 0/1} or {@code 0-1/2-3}.
 *
 * <p>Why split: sharing 2 cores, the broker's schedulers and the client's threads (benchmark, reader,
 * JIT, GC) land on whichever core is free, and each fork ends up in an arrangement of its own: one fork
 * of the async-window point published 39,000 msg/s, the next two 26,000. Split, a production-like
 * arrangement (the broker is another machine's business), the in-memory, drain and window rows spread
 * less between forks, the unary, quorum and consume rows more (results/aa/cpu-split/). What the split
 * also changes: the forks see fewer CPUs, so on 2 cores the JVM picks the Serial collector and the JIT
 * warms up more slowly (the quick profile warms up for 10 s).
 *
 * <p>Pinning uses {@code taskset} (util-linux): a private node starts under it, a container gets a
 * cpuset ({@code BrokerSettings#withCpus}), and the launcher re-pins its own threads, whose forks inherit
 * the mask. Where taskset is missing or fewer than two CPUs are usable, a default split falls back to
 * sharing, with one line saying so; an explicit list that cannot be applied is an error.
 */
public record CpuSplit(Optional<String> broker, Optional<String> client, String note) {

    public static final String PROPERTY = "rabbitmqjmh.cpus";
    static final String ALLOWED = "split (default), shared, or BROKER/CLIENT cpu lists such as 0/1 or 0-1/2-3";

    public static CpuSplit shared(String note) {
        return new CpuSplit(Optional.empty(), Optional.empty(), note);
    }

    public boolean pinned() {
        return broker.isPresent();
    }

    /** From {@code -Drabbitmqjmh.cpus} and the CPUs this process may run on. */
    public static CpuSplit fromSettings() {
        return decide(System.getProperty(PROPERTY, "split"), allowedCpus(), Affinity.available());
    }

    static CpuSplit decide(String setting, List<Integer> allowed, boolean taskset) {
        String value = setting.trim();
        if (value.equals("shared")) {
            return shared("broker and benchmark share all CPUs (-D" + PROPERTY + "=shared)");
        }
        if (value.equals("split")) {
            if (!taskset) {
                return shared("broker and benchmark share all CPUs: taskset (util-linux) is not installed");
            }
            if (allowed.size() < 2) {
                return shared("broker and benchmark share the one usable CPU");
            }
            int half = allowed.size() / 2;
            return new CpuSplit(
                    Optional.of(list(allowed.subList(0, half))),
                    Optional.of(list(allowed.subList(half, allowed.size()))),
                    "");
        }
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || !isList(parts[0]) || !isList(parts[1])) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + setting + " is not allowed; allowed: " + ALLOWED);
        }
        if (!taskset) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting
                    + " needs taskset (util-linux), which is " + "not installed; or use -D" + PROPERTY + "=shared");
        }
        for (String part : parts) {
            for (int cpu : parse(part)) {
                if (!allowed.contains(cpu)) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting + " names CPU " + cpu
                            + ", which this process may not use; usable: " + list(allowed));
                }
            }
        }
        return new CpuSplit(Optional.of(parts[0]), Optional.of(parts[1]), "");
    }

    /**
     * The split for a broker from {@code source}: a broker at a URI runs elsewhere or is not ours, so
     * nothing is split and the benchmark JVMs run on the CPUs this process may use.
     */
    public CpuSplit forBroker(BrokerSource source) {
        return source == BrokerSource.URI
                ? shared("CPUs not split: the broker at the URI is not ours to place; the "
                        + "benchmark JVMs run on the CPUs this launcher may use")
                : this;
    }

    /** {@code command} confined to the benchmark JVMs' CPUs ({@code taskset -c LIST} first), or as is. */
    public List<String> onClientCpus(List<String> command) {
        if (client.isEmpty()) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of(Affinity.TASKSET.toString(), "-c", client.get()));
        pinned.addAll(command);
        return pinned;
    }

    /** What the environment file and the console say. */
    public String describe() {
        return pinned() ? "CPUs: broker " + broker.get() + ", benchmark JVMs " + client.get() : note;
    }

    /**
     * Moves every thread of this JVM to the client's CPUs; the JMH forks started afterwards inherit that
     * mask. Throws when taskset refuses, so that a run never measures an arrangement it did not report.
     */
    public void pinThisProcess() {
        client.ifPresent(cpus -> Affinity.set(ProcessHandle.current().pid(), cpus));
    }

    /** The CPUs this process may run on (its affinity, which cgroups and taskset narrow). */
    static List<Integer> allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parse(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unusual /proc: fall through
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            all.add(i);
        }
        return all;
    }

    private static boolean isList(String s) {
        return s.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    }

    /** "0-2,5" as [0, 1, 2, 5]. */
    static List<Integer> parse(String cpuList) {
        List<Integer> cpus = new ArrayList<>();
        for (String range : cpuList.split(",")) {
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0].trim());
            int to = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : from;
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    /** [0, 1, 2, 5] as "0,1,2,5": taskset reads it, and it is never ambiguous. */
    static String list(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
