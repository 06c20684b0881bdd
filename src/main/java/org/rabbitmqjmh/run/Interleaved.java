package org.rabbitmqjmh.run;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.zip.ZipFile;
import org.rabbitmqjmh.results.RoundMerge;

/**
 * Base and head in one run, fork by fork: {@code java -jar head.jar --profile quick --against base.jar}.
 *
 * <p>Why: on a small machine two runs of the same build differ by more than their forks do. A run gets
 * its own broker node and its own stretch of the machine's time, and both move every fork of the run
 * together (results/aa/README.md). Compared run against run, that noise hides a 10% change. Here each
 * round runs one fork of base and one of head back to back, on the same broker, in alternating order
 * (base first in even rounds, head first in odd ones, shifted by one per pass), so whatever the node
 * and the machine were doing then hits both; {@code compare --paired} then compares round by round.
 * With {@code --head-cluster N} the head's forks run on a cluster of their own instead, started beside
 * the base's broker: the same pairing, for what the broker's shape costs.
 *
 * <p>Each side runs as its users run it: its own launcher ({@code java -jar JAR}, or a classpath),
 * against this run's broker through a URI file, one pass and one fork at a time. The rounds land in
 * {@code RUN/base/} and {@code RUN/head/}: a JMH JSON per round and its console log under
 * {@code rounds/}, the launcher's run folders (with the per-message CSVs) under {@code runs/}, and
 * {@code jmh-result.json}, the rounds merged ({@link RoundMerge}).
 */
public final class Interleaved {

    /** A wait for one fork of one pass: JMH's own per-iteration timeout is 10 minutes. */
    private static final long ROUND_TIMEOUT_MINUTES = 60;

    /** One side: how to start its launcher, and what its forks get that the other's do not. */
    public record Side(String name, List<String> launch, HeadChanges changes) {

        /** A jar file runs with -jar; a directory or a classpath runs its BenchmarkMain. */
        public static Side of(String name, String spec, HeadChanges changes) {
            Path path = Path.of(spec);
            if (Files.isRegularFile(path)) {
                requireBenchmarksJar(spec, path);
                return new Side(name, List.of("-jar", path.toAbsolutePath().toString()), changes);
            }
            boolean classpath = Files.isDirectory(path)
                    || (spec.contains(File.pathSeparator)
                            && List.of(spec.split(File.pathSeparator)).stream()
                                    .allMatch(p -> Files.exists(Path.of(p))));
            if (!classpath) {
                throw new IllegalArgumentException("--against " + spec + " is not a benchmarks jar (nor a classpath); "
                        + "build the base with mvn package and give its target/benchmarks.jar");
            }
            return new Side(name, List.of("-cp", spec, "org.rabbitmqjmh.BenchmarkMain"), changes);
        }
    }

    /** A file given as a side is a benchmarks jar: JMH's benchmark list and the launcher in it, checked at once. */
    private static void requireBenchmarksJar(String spec, Path path) {
        try (ZipFile jar = new ZipFile(path.toFile())) {
            if (jar.getEntry("META-INF/BenchmarkList") != null
                    && jar.getEntry("org/rabbitmqjmh/BenchmarkMain.class") != null) {
                return;
            }
        } catch (IOException notAZip) {
            // said below
        }
        throw new IllegalArgumentException("--against " + spec + " is not a benchmarks jar (no JMH benchmark list and "
                + "launcher in it); build the base with mvn package and give its target/benchmarks.jar");
    }

    private final Side base;
    private final Side head;
    private final Path runDir;
    private final Function<Side, List<String>> forkProperties;
    private final PrintStream err;
    private final BiConsumer<JmhArgs, Side> beforeRound;
    private final Duet duet;
    private final List<Process> running = new CopyOnWriteArrayList<>();

    /**
     * @param forkProperties the system properties of a side's launcher: its broker (a URI file, the
     *     witnesses), the same for both sides unless the head has a broker of its own
     * @param beforeRound called before each side's round of a pass, to set the broker up for that side
     *     (the head's firehose) or that pass (a fresh quorum log): a side's forks run one at a time, so a
     *     broker setting can follow the side
     * @param duet null, or how the two sides run at the same time ({@code --duet}), each on its own broker
     */
    public Interleaved(
            Side base,
            Side head,
            Path runDir,
            Function<Side, List<String>> forkProperties,
            BiConsumer<JmhArgs, Side> beforeRound,
            Duet duet,
            PrintStream err) {
        this.base = base;
        this.head = head;
        this.runDir = runDir;
        this.forkProperties = forkProperties;
        this.beforeRound = beforeRound;
        this.duet = duet;
        this.err = err;
    }

    /** The rounds of a pass: its fork count ({@code -f}), JMH's default 5 when it has none. */
    public static int rounds(JmhArgs pass) {
        String f = pass.value("-f");
        int n;
        try {
            n = f == null ? 5 : Integer.parseInt(f);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-f " + f + " is not a number of forks");
        }
        if (n < 2) {
            throw new IllegalArgumentException("--against needs at least 2 forks per benchmark (-f " + n
                    + "): a fork of each side per round, and two rounds to see the spread");
        }
        return n;
    }

    /**
     * Runs every pass round by round and writes each side's merged {@code jmh-result.json}. Returns
     * false, having said why in one line, when a round fails.
     */
    public boolean run(List<JmhArgs> passes) throws IOException, InterruptedException {
        List<Path> baseRounds = new ArrayList<>();
        List<Path> headRounds = new ArrayList<>();
        for (Side side : List.of(base, head)) {
            Files.createDirectories(runDir.resolve(side.name()).resolve("rounds"));
        }
        Thread stopper = new Thread(() -> running.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }));
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            for (int i = 0; i < passes.size(); i++) {
                JmhArgs pass = passes.get(i);
                int rounds = rounds(pass);
                for (int r = 0; r < rounds; r++) {
                    String name = String.format("pass%d-round%d", i + 1, r + 1);
                    List<Side> order = (i + r) % 2 == 0 ? List.of(base, head) : List.of(head, base);
                    // A duet runs both sides of the round at once; otherwise one after the other.
                    for (List<Side> together :
                            duet != null ? List.of(order) : List.of(List.of(order.get(0)), List.of(order.get(1)))) {
                        long t0 = System.nanoTime();
                        List<Round> done = play(together, pass, r, name);
                        if (done == null) {
                            return false;
                        }
                        for (Round round : done) {
                            err.printf(
                                    "# pass %d of %d, round %d of %d: %s (%.0f s)%s%n",
                                    i + 1,
                                    passes.size(),
                                    r + 1,
                                    rounds,
                                    round.side().name(),
                                    (System.nanoTime() - t0) / 1e9,
                                    duet == null ? "" : ", CPUs " + duet.cpus(r, round.side()));
                            (round.side() == base ? baseRounds : headRounds).add(round.json());
                        }
                    }
                }
            }
        } finally {
            running.forEach(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the rounds in flight
            }
        }
        RoundMerge.write(baseRounds, runDir.resolve(base.name()).resolve("jmh-result.json"));
        RoundMerge.write(headRounds, runDir.resolve(head.name()).resolve("jmh-result.json"));
        return true;
    }

    /**
     * Round {@code r} of these sides, started together (a duet's two, each on its CPUs) and waited for;
     * null, having said why, when one failed or the run is stopping (the others are stopped by the caller).
     */
    private List<Round> play(List<Side> together, JmhArgs pass, int r, String name)
            throws IOException, InterruptedException {
        if (StopSignals.stopping()) {
            return null;
        }
        if (duet != null) {
            duet.arrange(r, base, head);
        }
        List<Round> started = new ArrayList<>();
        for (Side side : together) {
            beforeRound.accept(pass, side);
            started.add(start(side, pass, r, name));
        }
        for (Round round : started) {
            if (!finish(round)) {
                return null;
            }
        }
        return started;
    }

    /** A side's round in flight: its launcher, where it writes, and where its console goes. */
    private record Round(Side side, Process process, Path json, Path log) {}

    private Round start(Side side, JmhArgs pass, int r, String name) throws IOException {
        Path json = runDir.resolve(side.name()).resolve("rounds").resolve(name + ".json");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(forkProperties.apply(side));
        side.changes().properties().forEach(p -> command.add("-D" + p));
        command.add("-Drabbitmqjmh.results=" + runDir.resolve(side.name()).resolve("runs"));
        command.addAll(side.launch());
        command.addAll(side.changes()
                .applyTo(pass)
                .without("-f")
                .without("-rf")
                .without("-rff")
                .toList());
        command.addAll(List.of("-f", "1", "-rf", "json", "-rff", json.toString()));
        Path log = json.resolveSibling(json.getFileName().toString().replace(".json", ".log"));
        Process p = new ProcessBuilder(duet == null ? command : duet.launcher(r, name, side, command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        running.add(p);
        return new Round(side, p, json, log);
    }

    /** Waits for a side's round; false, having said why in one line, when it failed or was stopped. */
    private boolean finish(Round round) throws IOException, InterruptedException {
        Process p = round.process();
        try {
            if (!p.waitFor(ROUND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                err.println("error: a round of " + round.side().name() + " did not finish within "
                        + ROUND_TIMEOUT_MINUTES + " minutes; its log: " + round.log());
                return false;
            }
        } finally {
            running.remove(p);
        }
        if (StopSignals.stopping()) {
            return false; // the side's launcher said what it kept
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(round.json())) {
            List<String> lines = Files.readAllLines(round.log());
            String last = lines.stream()
                    .filter(l -> l.startsWith("error:"))
                    .reduce((a, b) -> b)
                    .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
            err.println("error: a round of " + round.side().name() + " failed (exit " + p.exitValue() + "): " + last
                    + "; its log: " + round.log());
            return false;
        }
        return true;
    }
}
