package org.rabbitmqjmh.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Which CPUs a running process's threads may use, set with {@code taskset} (util-linux). */
public final class Affinity {

    public static final Path TASKSET = Path.of("/usr/bin/taskset");

    private Affinity() {}

    public static boolean available() {
        return Files.isExecutable(TASKSET);
    }

    /**
     * Moves every thread of process {@code pid} to {@code cpus} (a list such as "1" or "0-1"). Throws with
     * taskset's own words when it refuses, so that a run never measures an arrangement it did not report.
     */
    public static void set(long pid, String cpus) {
        try {
            // taskset -a lists the threads, then sets each: a thread that ends in between (an HTTP client's,
            // a JIT helper) makes it fail with "No such process", and a second pass finds the survivors.
            for (int attempt = 1; ; attempt++) {
                Process p = new ProcessBuilder(TASKSET.toString(), "-a", "-p", "-c", cpus, Long.toString(pid))
                        .redirectErrorStream(true)
                        .start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("taskset did not answer within 10 s");
                }
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.exitValue() == 0) {
                    return;
                }
                if (!out.contains("No such process") || attempt == 5) {
                    throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + out);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run taskset: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the CPUs of process " + pid, e);
        }
    }
}
