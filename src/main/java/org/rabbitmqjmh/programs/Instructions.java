package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.publish.InMemoryPublishPath;
import org.rabbitmqjmh.engine.publish.InMemoryQueue;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * Client work counted, not timed: the instructions per message of a broker-free path, exactly, so that a
 * 1% change shows on a host whose noise swamps 30% in time. valgrind's cachegrind counts every instruction
 * the JVM runs; {@code -Xbatch} makes the JIT compile at the same points in every run (in the background
 * it made the same run count 0.96 G, 6.6 G and 4.3 G); the path runs on one thread (a hand-off between
 * threads makes the count vary by 2-15%); and the slope of two runs, N and 2N messages, cancels the JVM's
 * start and warm-up: {@code (Ir(2N) - Ir(N)) / N}. What is left varies by about a million instructions a
 * run (the JVM's own threads, whose work follows the clock), so N defaults to a million messages: 0.1%
 * of a path of 700 instructions a message (results/gate/instructions/).
 *
 * <p>{@code java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Instructions --against base.jar}
 */
public final class Instructions {

    static final String NAME = "instructions";
    private static final List<String> JVM =
            List.of("-Xbatch", "-XX:CICompilerCount=2", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:-UsePerfData");
    private static final long RUN_TIMEOUT_MINUTES = 10;

    /** The paths counted: what a user would name. */
    enum CountedPath {
        /** A fresh body with id and send time, read back: what every publisher and consumer does. */
        ENCODE,
        /** InMemoryPublishBenchmark's publisher (body, timing row, enqueue, confirm latency) with the drain inline. */
        IN_MEMORY_PUBLISH;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static CountedPath of(String label) {
            for (CountedPath p : values()) {
                if (p.label().equals(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown --path '" + label + "'; allowed: encode, in-memory-publish");
        }
    }

    /** One row: a path at a size, counted with one class path (a benchmarks.jar). */
    record Count(String classPath, CountedPath path, int size, long messages, long irN, long ir2N) {
        double perMessage() {
            return (double) (ir2N - irN) / messages;
        }
    }

    private Instructions() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The options, declared once: the help text and the defaults come from here. */
    private static final class Options {
        final OptionParser parser = new OptionParser(false);
        final OptionSpec<String> paths = parser.accepts("path", "encode, in-memory-publish (comma-separated)")
                .withRequiredArg()
                .withValuesSeparatedBy(',')
                .defaultsTo("encode", "in-memory-publish");
        final OptionSpec<Integer> sizes = parser.accepts("size", "message sizes in bytes (comma-separated)")
                .withRequiredArg()
                .ofType(Integer.class)
                .withValuesSeparatedBy(',')
                .defaultsTo(16, 1024);
        final OptionSpec<Long> messages = parser.accepts("messages", "N: each count runs N and 2N messages")
                .withRequiredArg()
                .ofType(Long.class)
                .defaultsTo(1_000_000L);
        final OptionSpec<String> against = parser.accepts("against", "a base benchmarks.jar to count too, and compare")
                .withRequiredArg();
        final OptionSpec<Double> gate = parser.accepts(
                        "gate", "percent more instructions per message that fails " + "(exit 1)")
                .withRequiredArg()
                .ofType(Double.class)
                .defaultsTo(1.0);
        final OptionSpec<String> jvmArgs = parser.accepts(
                        "jvm-arg",
                        "passed to the head's counted JVMs (repeatable), " + "e.g. -Drabbitmqjmh.slowdown.work=10")
                .withRequiredArg();
        final OptionSpec<String> csv =
                parser.accepts("csv", "file for the raw counts").withRequiredArg();
        final OptionSpec<String> summarize = parser.accepts(
                        "summarize",
                        "instead of counting: the table of a proof "
                                + "folder (one subfolder of --csv files per series, e.g. results/gate/instructions)")
                .withRequiredArg();

        Options() {
            parser.accepts("help", "show this help").forHelp();
        }

        OptionSet parse(String[] args) {
            OptionSet o;
            try {
                o = parser.parse(args);
            } catch (OptionException e) {
                throw new IllegalArgumentException(e.getMessage() + "; --help lists the options");
            }
            if (!o.nonOptionArguments().isEmpty()) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + o.nonOptionArguments().get(0) + "'; --help lists the options");
            }
            double g = o.valueOf(gate);
            if (!(g > 0 && g < 100)) {
                throw new IllegalArgumentException(
                        "--gate " + g + " is out of range; allowed: more than 0, less than 100");
            }
            return o;
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Programs.guard(NAME, err, () -> {
            Options opts = new Options();
            OptionSet o = opts.parse(args);
            if (o.has("help")) {
                out.println("Counts a broker-free path's instructions per message under valgrind (exact; slow: about a "
                        + "minute a count).\nUsage: java -cp benchmarks.jar " + Instructions.class.getName()
                        + " [options]\n");
                opts.parser.printHelpOn(out);
                return Programs.OK;
            }
            if (o.has(opts.summarize)) {
                out.print(ProofSummary.table(Path.of(o.valueOf(opts.summarize)), o.valueOf(opts.gate)));
                return Programs.OK;
            }
            return countAll(opts, o, out, err);
        });
    }

    /** Every path at every size, the base's count before the head's; then the CSV and the table. */
    private static int countAll(Options opts, OptionSet o, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        List<CountedPath> counted =
                o.valuesOf(opts.paths).stream().map(CountedPath::of).toList();
        List<Integer> sizes = o.valuesOf(opts.sizes);
        for (int size : sizes) {
            MessageCodec.checkSize(size);
        }
        long n = o.valueOf(opts.messages);
        if (n < 20_000 || n > 100_000_000) {
            throw new IllegalArgumentException("--messages " + n + " is out of range; allowed: 20000 to 100000000 "
                    + "(past the JIT's warm-up, which the slope cancels only when both runs are past it)");
        }
        String head = System.getProperty("java.class.path"); // benchmarks.jar when run as the README says
        Path base = o.has(opts.against) ? Path.of(o.valueOf(opts.against)) : null;
        if (base != null && !Files.isRegularFile(base)) {
            throw new IllegalArgumentException("--against " + base + " is not a file; expected a benchmarks.jar");
        }
        if (base != null && !hasLoop(base)) {
            throw new IllegalArgumentException("--against " + base + " has no " + Loop.class.getName() + ": it was "
                    + "built before the instruction count existed, so it cannot be counted the same way");
        }
        requireValgrind();
        List<Count> counts = new ArrayList<>();
        for (CountedPath path : counted) {
            for (int size : sizes) {
                if (base != null) {
                    counts.add(count(base.toString(), List.of(), path, size, n, err));
                }
                counts.add(count(head, o.valuesOf(opts.jvmArgs), path, size, n, err));
            }
        }
        if (o.has(opts.csv)) {
            writeCsv(Path.of(o.valueOf(opts.csv)), counts);
        }
        return report(counts, base != null, o.valueOf(opts.gate), out);
    }

    private static int report(List<Count> counts, boolean compared, double gatePercent, PrintStream out) {
        if (!compared) {
            out.println("path               size  instructions/msg");
            for (Count c : counts) {
                out.printf(Locale.ROOT, "%-18s %5d  %,.1f%n", c.path().label(), c.size(), c.perMessage());
            }
            return Programs.OK;
        }
        out.printf(
                Locale.ROOT, "path               size  base/msg    head/msg    change   gate +%.1f%%%n", gatePercent);
        boolean flagged = false;
        for (int i = 0; i < counts.size(); i += 2) {
            Count b = counts.get(i);
            Count h = counts.get(i + 1);
            double change = 100 * (h.perMessage() / b.perMessage() - 1);
            boolean over = change > gatePercent;
            flagged |= over;
            out.printf(
                    Locale.ROOT,
                    "%-18s %5d  %,10.1f  %,10.1f  %+6.2f%%  %s%n",
                    b.path().label(),
                    b.size(),
                    b.perMessage(),
                    h.perMessage(),
                    change,
                    over ? "REGRESSION" : "quiet");
        }
        return flagged ? Programs.RUNTIME_ERROR : Programs.OK;
    }

    static Count count(String classPath, List<String> jvmArgs, CountedPath path, int size, long n, PrintStream err)
            throws IOException, InterruptedException {
        err.printf(
                "%s: %s, %s %d B: %d and %d messages under valgrind%n", NAME, classPath, path.label(), size, n, 2 * n);
        return new Count(
                classPath,
                path,
                size,
                n,
                instructions(classPath, jvmArgs, path, size, n),
                instructions(classPath, jvmArgs, path, size, 2 * n));
    }

    /** The instructions of one JVM running the path {@code n} times: cachegrind's total. */
    private static long instructions(String classPath, List<String> jvmArgs, CountedPath path, int size, long n)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rabbitmq-jmh-instructions-");
        try {
            Path out = dir.resolve("cachegrind.out");
            List<String> command = new ArrayList<>(List.of(
                    "valgrind",
                    "--tool=cachegrind",
                    "--cache-sim=no",
                    "--smc-check=all-non-file",
                    "--cachegrind-out-file=" + out,
                    javaExecutable()));
            command.addAll(JVM);
            command.addAll(jvmArgs);
            command.addAll(List.of(
                    "-cp", classPath, Loop.class.getName(), path.label(), Integer.toString(size), Long.toString(n)));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log").toFile())
                    .start();
            // Stopped by a signal (Ctrl-C, SIGTERM): neither the counted JVM nor its folder outlives us.
            Thread cleanUp = new Thread(() -> {
                p.destroyForcibly();
                deleteQuietly(dir);
            });
            Runtime.getRuntime().addShutdownHook(cleanUp);
            try {
                if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("a count under valgrind took more than " + RUN_TIMEOUT_MINUTES
                            + " min; try fewer --messages");
                }
            } finally {
                p.destroyForcibly();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanUp);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already: it cleans up
                }
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
                String log = Files.readString(dir.resolve("log"))
                        .lines()
                        .filter(l -> !l.startsWith("=="))
                        .findFirst()
                        .orElse("no output");
                throw new IllegalStateException(
                        "the counted JVM failed (exit " + p.exitValue() + ") with " + classPath + ": " + log);
            }
            return Files.readAllLines(out).stream()
                    .filter(l -> l.startsWith("summary:"))
                    .mapToLong(l -> Long.parseLong(
                            l.substring("summary:".length()).trim().split("\\s+")[0]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("cachegrind wrote no summary line"));
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // gone already, or never made: nothing to leave behind
        }
    }

    private static void writeCsv(Path file, List<Count> counts) throws IOException {
        StringBuilder b = new StringBuilder("jar,path,size,messages,ir_n,ir_2n,instructions_per_message\n");
        for (Count c : counts) {
            b.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%d,%d,%d,%.3f%n",
                    Path.of(c.classPath()).getFileName(),
                    c.path().label(),
                    c.size(),
                    c.messages(),
                    c.irN(),
                    c.ir2N(),
                    c.perMessage()));
        }
        Files.writeString(file, b);
    }

    private static void requireValgrind() throws InterruptedException {
        if (!valgrindInstalled()) {
            throw new IllegalStateException(
                    "valgrind is not installed; it counts the instructions (apt-get install valgrind)");
        }
    }

    /** Whether {@code valgrind --version} answers within 20 s. */
    static boolean valgrindInstalled() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("valgrind", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(20, TimeUnit.SECONDS)) {
                return p.exitValue() == 0;
            }
            p.destroyForcibly();
            return false;
        } catch (IOException e) {
            return false; // not on the PATH
        }
    }

    private static boolean hasLoop(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(Loop.class.getName().replace('.', '/') + ".class") != null;
        } catch (ZipException e) {
            throw new IllegalArgumentException("--against " + jar + " is not a jar; expected a benchmarks.jar");
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** What runs under valgrind: the path, {@code n} times, on this thread. */
    public static final class Loop {

        private Loop() {}

        public static void main(String[] args) {
            CountedPath path = CountedPath.of(args[0]);
            int size = Integer.parseInt(args[1]);
            long n = Long.parseLong(args[2]);
            long check = switch (path) {
                case ENCODE -> encode(size, n);
                case IN_MEMORY_PUBLISH -> inMemoryPublish(size, n);
            };
            if (check == Long.MIN_VALUE) {
                System.out.println("unreachable"); // keeps the result alive
            }
        }

        private static long encode(int size, long n) {
            long sum = 0;
            for (long i = 0; i < n; i++) {
                byte[] body = new byte[size];
                MessageCodec.write(body, i, System.nanoTime());
                sum += MessageCodec.id(body);
            }
            return sum;
        }

        private static long inMemoryPublish(int size, long n) {
            InMemoryQueue queue = new InMemoryQueue(1024);
            Latency e2e = new Latency();
            InMemoryPublishPath path = new InMemoryPublishPath(
                    queue, size, TimingRecorder.withCapacity(TimingRecorder.DEFAULT_CAPACITY), new Latency(), 0);
            long kept = 0;
            for (long i = 0; i < n; i++) {
                kept += path.publish() ? 1 : 0;
                byte[] b = queue.dequeue();
                e2e.record(System.nanoTime() - MessageCodec.sentNanos(b));
            }
            return kept;
        }
    }
}
