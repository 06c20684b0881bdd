package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process named by its pid and start time ("pid tTICKS", {@link #identity}), so a pid the kernel reused for another
 * process is not mistaken for it: how a node's directory and a container name the run that owns them.
 */
final class OwnerProcess {

    private OwnerProcess() {}

    /**
     * "pid tTICKS": the start time in clock ticks since boot, from /proc (exact, and blind to the wall
     * clock); "pid startMillis" where /proc has none. Why not the millis everywhere: the JVM turns ticks
     * into an instant with the boot time it read when it started, and a wall clock stepped since (a
     * sandbox's, NTP) moves that instant; another JVM then saw a live owner as gone and removed its node
     * (a CI rehearsal lost the test suite's shared node that way).
     */
    static String identity(ProcessHandle p) {
        return p.pid() + " "
                + startTicks(p.pid())
                        .map(t -> "t" + t)
                        .orElseGet(() -> Long.toString(p.info()
                                .startInstant()
                                .map(Instant::toEpochMilli)
                                .orElse(-1L)))
                + "\n";
    }

    /** Field 22 of /proc/PID/stat, the process's start in clock ticks since boot; empty off Linux. */
    static Optional<Long> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The process named in a file, if it still runs and is the same process. */
    static Optional<ProcessHandle> alive(Path file) {
        try {
            return alive(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The process an {@link #identity} names, if it still runs and is the same process. */
    static Optional<ProcessHandle> alive(String identity) {
        try {
            String[] parts = identity.trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            String start = parts.length > 1 ? parts[1] : "-1";
            if (start.startsWith("t")) {
                long ticks = Long.parseLong(start.substring(1));
                return ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> startTicks(pid).map(t -> t == ticks).orElse(true));
            }
            long started = Long.parseLong(start);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> started < 0
                            || p.info()
                                    .startInstant()
                                    .map(i -> Math.abs(i.toEpochMilli() - started) < 2_000)
                                    .orElse(true));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
