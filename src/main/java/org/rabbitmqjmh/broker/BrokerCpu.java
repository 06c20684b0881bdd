package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rabbitmqjmh.host.Schedstat;

/**
 * The CPU time a broker this run started has used so far, in ns, read by the forks between iterations:
 * <ul>
 *   <li>a private node: the Erlang VM's threads, each's on-CPU time from {@code /proc/PID/task/TID/schedstat}
 *       (nanoseconds; {@code /proc/PID/stat}'s utime and stime count 10 ms ticks, a few % of a 1 s
 *       iteration);</li>
 *   <li>a container: its cgroup's {@code cpu.stat} {@code usage_usec} (cgroup v2) or {@code cpuacct.usage}
 *       (cgroup v1, ns), which count every process in it.</li>
 * </ul>
 * The launcher names the source to its forks with {@link #PROPERTY} ({@code pid:N} or {@code cgroup:DIR});
 * a broker at a URI runs elsewhere and has none.
 */
public final class BrokerCpu {

    public static final String PROPERTY = "rabbitmqjmh.broker.cpu";

    private final Path pidDir;
    private final Path cpuStat;
    /** A sum of sources (a cluster's nodes), or empty. */
    private final List<BrokerCpu> parts;

    private BrokerCpu(Path pidDir, Path cpuStat) {
        this(pidDir, cpuStat, List.of());
    }

    private BrokerCpu(Path pidDir, Path cpuStat, List<BrokerCpu> parts) {
        this.parts = List.copyOf(parts);
        this.pidDir = pidDir;
        this.cpuStat = cpuStat;
    }

    /** The value of {@link #PROPERTY} for a broker's process. */
    public static String ofProcess(long pid) {
        return "pid:" + pid;
    }

    /** Several processes summed (a cluster's nodes): {@code pids:N,M,...}. */
    public static String ofProcesses(List<Long> pids) {
        return "pids:" + pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * The value of {@link #PROPERTY} for the cgroup of a process (a container's main process): cgroup v2's
     * {@code cpu.stat} where the process has a v2 group, else cgroup v1's {@code cpuacct.usage}.
     */
    public static Optional<String> ofCgroupOf(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
            for (String line : lines) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                if (f[0].equals("0") && f[1].isEmpty()) {
                    // v2: "0::/system.slice/docker-<id>.scope"; on a v1 host this line is "0::/" and its cpu.stat
                    // (if any) is the whole machine's: not the container's.
                    Path dir = Path.of("/sys/fs/cgroup" + f[2]);
                    if (!f[2].equals("/") && Files.isReadable(dir.resolve("cpu.stat"))) {
                        return Optional.of("cgroup:" + dir);
                    }
                } else if (List.of(f[1].split(",")).contains("cpuacct")) {
                    // v1: "4:cpu,cpuacct:/docker/<id>", mounted as cpu,cpuacct or cpuacct.
                    for (String mount : List.of(f[1], "cpuacct", "cpu,cpuacct")) {
                        Path file = Path.of("/sys/fs/cgroup", mount + f[2], "cpuacct.usage");
                        if (Files.isReadable(file)) {
                            return Optional.of("cgroup:" + file.getParent());
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Several sources summed (a cluster of containers): their specs joined by {@code ;}. */
    public static String ofSum(List<String> specs) {
        return String.join(";", specs);
    }

    /** This JVM's source, as the launcher named it; empty when it named none or it cannot be read. */
    public static Optional<BrokerCpu> fromSettings() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /** A source from its spec ({@code pid:N}, {@code cgroup:DIR}); empty when it names none it can read. */
    public static Optional<BrokerCpu> parse(String spec) {
        BrokerCpu cpu;
        if (spec.contains(";")) {
            List<BrokerCpu> parts = new ArrayList<>();
            for (String one : spec.split(";")) {
                Optional<BrokerCpu> part = parse(one);
                if (part.isEmpty()) {
                    return Optional.empty();
                }
                parts.add(part.get());
            }
            return Optional.of(new BrokerCpu(null, null, parts));
        } else if (spec.startsWith("pids:")) {
            List<BrokerCpu> parts = new ArrayList<>();
            for (String pid : spec.substring(5).split(",")) {
                Optional<BrokerCpu> one = parse("pid:" + pid.trim());
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                parts.add(one.get());
            }
            return Optional.of(new BrokerCpu(null, null, parts));
        } else if (spec.startsWith("pid:")) {
            cpu = new BrokerCpu(Path.of("/proc", spec.substring(4)), null);
        } else if (spec.startsWith("cgroup:")) {
            Path dir = Path.of(spec.substring(7));
            cpu = new BrokerCpu(
                    null,
                    Files.exists(dir.resolve("cpu.stat")) ? dir.resolve("cpu.stat") : dir.resolve("cpuacct.usage"));
        } else {
            return Optional.empty();
        }
        return cpu.nanos() >= 0 ? Optional.of(cpu) : Optional.empty();
    }

    /** CPU time used so far in ns, or -1 when it can no longer be read (the broker stopped). */
    public long nanos() {
        return read().nanos();
    }

    /**
     * One reading of the broker: its CPU time so far in ns (-1 when it can no longer be read) and, for
     * processes (a private node, a cluster's nodes), the scheduler's counts thread by thread, from the same
     * read of {@code /proc}; empty for a container's cgroup, whose processes are not ours to list.
     */
    public record Reading(long nanos, Optional<Map<Long, Schedstat>> threads) {}

    public Reading read() {
        if (!parts.isEmpty()) {
            // A cluster: its nodes' readings added up, thread by thread where every node has its threads (ids
            // are unique across a host's processes); one node gone makes the whole unreadable.
            long sum = 0;
            Map<Long, Schedstat> all = new HashMap<>();
            boolean everyThread = true;
            for (BrokerCpu p : parts) {
                Reading r = p.read();
                if (r.nanos() < 0) {
                    return new Reading(-1, Optional.empty());
                }
                sum += r.nanos();
                r.threads().ifPresent(all::putAll);
                everyThread &= r.threads().isPresent();
            }
            return new Reading(sum, everyThread ? Optional.of(all) : Optional.empty());
        }
        if (pidDir != null) {
            Optional<Map<Long, Schedstat>> threads = Schedstat.threadsOf(pidDir);
            return new Reading(threads.map(t -> Schedstat.total(t).onCpuNanos()).orElse(-1L), threads);
        }
        return new Reading(cgroupNanos(), Optional.empty());
    }

    private long cgroupNanos() {
        try {
            if (cpuStat.getFileName().toString().equals("cpuacct.usage")) {
                return Long.parseLong(Files.readString(cpuStat).trim()); // v1: ns
            }
            for (String line : Files.readAllLines(cpuStat)) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring(11).trim()) * 1000;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
