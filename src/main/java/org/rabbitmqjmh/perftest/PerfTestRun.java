package org.rabbitmqjmh.perftest;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.QueueSpec;
import org.rabbitmqjmh.engine.QueueType;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;
import org.rabbitmqjmh.engine.consume.DrainedQueue;
import org.rabbitmqjmh.programs.UsageException;
import org.rabbitmqjmh.run.CpuSplit;

/**
 * Runs PerfTest, the published artifact as its users run it, in a JVM of its own on the benchmark CPUs,
 * against a queue we declare exactly as our benchmark of the scenario declares its own. The URI goes in
 * the environment (PerfTest reads {@code URI}), so the password is on no command line; the rest of the
 * environment is cleared, since PerfTest takes any of its options from a variable of that name.
 */
final class PerfTestRun {

    static final String MAIN = "com.rabbitmq.perf.PerfTest";
    /** How the PerfTest classpath is shown in commands we print: it is long, and listed once. */
    static final String CLASSPATH_SHOWN = "$PERFTEST_CP";

    private static final List<String> KEPT_ENVIRONMENT = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ");

    private final String classpath;
    private final String java =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    PerfTestRun(String classpath) {
        this.classpath = classpath;
    }

    /** What one run measured, and the queue depth PerfTest's queue reached (sampled 5 times a second). */
    record Result(PerfTestOutput.Measured measured, double queueDepthMax) {}

    /**
     * PerfTest's {@code --version} lines; checked before a broker is started, so that a wrong classpath is
     * one line and exit 2.
     */
    String version() {
        try {
            Process p = start(new ProcessBuilder(java, "-cp", classpath, MAIN, "--version"));
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UsageException("--perftest-classpath: PerfTest --version did not answer within 60 s");
            }
            String clean = text.replaceAll("\u001B\\[[0-9;]*m", "").strip();
            if (p.exitValue() != 0 || !clean.startsWith("RabbitMQ Perf Test")) {
                throw new UsageException("--perftest-classpath does not run " + MAIN + ": "
                        + clean.lines().findFirst().orElse("exit " + p.exitValue())
                        + "; give the classpath of com.rabbitmq:perf-test");
            }
            return clean;
        } catch (IOException e) {
            throw new UsageException("--perftest-classpath: cannot start " + java + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking PerfTest its version", e);
        }
    }

    /** The command of one run; {@code shownClasspath} stands for the classpath in what we print. */
    List<String> command(
            CpuSplit cpus, Scenario scenario, int warmup, int seconds, String queue, String shownClasspath) {
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-cp",
                shownClasspath,
                MAIN,
                // One second more than measured: the last measured second's line is printed before PerfTest stops.
                "-z",
                Integer.toString(warmup + seconds + 1)));
        cmd.addAll(scenario.perfTestArgs(queue));
        return cpus.onClientCpus(cmd);
    }

    /**
     * One round: declares the queue, runs PerfTest on it for {@code warmup + seconds + 1} s with its whole
     * output (after one line of ours, starting with #) in {@code output}, reads the measured seconds, and
     * deletes the queue.
     */
    Result run(Broker broker, CpuSplit cpus, Scenario scenario, int warmup, int seconds, Path output)
            throws IOException, InterruptedException {
        Connection admin = Connections.open(broker.uri(), SocketIo.CLASSIC, "side-by-side-admin");
        String queue = Topology.uniqueName("perftest");
        ScheduledExecutorService sampler = null;
        Process p = null;
        try {
            if (scenario.queue() == Scenario.QueueKind.BOUNDED) {
                DrainedQueue.declareBounded(admin, queue, QueueType.CLASSIC, false);
            } else {
                Topology.declareScratch(admin, QueueSpec.classic(queue, false));
            }
            AtomicLong depthMax = new AtomicLong(-1);
            sampler = Executors.newSingleThreadScheduledExecutor(PerfTestRun::depthSamplerThread);
            sampler.scheduleWithFixedDelay(() -> sampleDepth(admin, queue, depthMax), 0, 200, TimeUnit.MILLISECONDS);

            List<String> cmd = command(cpus, scenario, warmup, seconds, queue, classpath);
            Files.writeString(
                    output,
                    "# " + String.join(" ", command(cpus, scenario, warmup, seconds, queue, CLASSPATH_SHOWN)) + "\n",
                    StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(output.toFile()));
            Map<String, String> env = pb.environment();
            env.keySet().retainAll(KEPT_ENVIRONMENT);
            env.put("URI", broker.uri().toString());
            p = start(pb);
            if (!p.waitFor(warmup + seconds + 61L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "PerfTest ran past " + (warmup + seconds + 61) + " s; its output: " + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("PerfTest exited with " + p.exitValue() + "; its output: " + output);
            }
            sampler.shutdownNow();
            PerfTestOutput.Measured measured = measured(output, scenario, warmup, seconds);
            return new Result(measured, depthMax.get() < 0 ? Double.NaN : depthMax.get());
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (sampler != null) {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            Topology.delete(admin, queue);
            Connections.closeQuietly(admin);
        }
    }

    private static Thread depthSamplerThread(Runnable r) {
        Thread t = new Thread(r, "side-by-side-depth");
        t.setDaemon(true);
        return t;
    }

    /** One sample of the queue's depth, the largest kept. */
    private static void sampleDepth(Connection admin, String queue, AtomicLong depthMax) {
        try {
            depthMax.accumulateAndGet(Topology.messageCount(admin, queue), Math::max);
        } catch (RuntimeException ignored) {
            // a missed sample while the broker is busy is not worth failing a round
        }
    }

    /** The measured seconds of PerfTest's output; a parse failure names the output file. */
    private static PerfTestOutput.Measured measured(Path output, Scenario scenario, int warmup, int seconds)
            throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8);
        try {
            return PerfTestOutput.parse(text).measured(scenario.perfTestRate(), warmup, seconds);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; its output: " + output, e);
        }
    }

    private static Process start(ProcessBuilder pb) throws IOException {
        return pb.redirectErrorStream(true).start();
    }
}
