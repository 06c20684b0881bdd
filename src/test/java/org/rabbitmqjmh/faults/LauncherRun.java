package org.rabbitmqjmh.faults;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/**
 * The launcher as a user runs it, in a child JVM whose console the test reads as it comes, so that a
 * fault can be made at a chosen moment of a trial (after its second measurement iteration, say) and what
 * the user then sees (exit status, stderr, the run folder) can be checked.
 */
final class LauncherRun implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final Thread[] readers;
    final Path results;

    private LauncherRun(Process process, Path results) {
        this.process = process;
        this.results = results;
        this.readers =
                new Thread[] {reader(process.getInputStream(), stdout), reader(process.getErrorStream(), stderr)};
    }

    /**
     * Starts the launcher with {@code jvmArgs}, {@code args}, its results under {@code results} and
     * {@code TMPDIR} at {@code tmp} (where a private node and the URI file go), so the test sees all it leaves.
     */
    static LauncherRun start(List<String> jvmArgs, List<String> args, Path results, Path tmp) throws IOException {
        return start(jvmArgs, args, results, tmp, Map.of());
    }

    /** As above, with {@code env} set in the launcher's environment (an empty value removes the variable). */
    static LauncherRun start(List<String> jvmArgs, List<String> args, Path results, Path tmp, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(JavaProcess.inherited());
        cmd.add("-Drabbitmqjmh.results=" + results);
        cmd.add("-Drabbitmqjmh.csv=false");
        cmd.addAll(jvmArgs);
        cmd.add(BenchmarkMain.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("RABBITMQ_URI");
        pb.environment().put("TMPDIR", tmp.toString());
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new LauncherRun(pb.start(), results);
    }

    private static Thread reader(InputStream in, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a stdout line matches, or fails the test with what was printed. */
    LauncherRun awaitStdout(Predicate<String> line, long seconds) throws InterruptedException {
        return awaitStdout(List.of(line), seconds);
    }

    private LauncherRun awaitStdout(List<Predicate<String>> inOrder, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            synchronized (stdout) {
                int next = 0;
                for (int i = 0; i < stdout.size() && next < inOrder.size(); i++) {
                    if (inOrder.get(next).test(stdout.get(i))) {
                        next++;
                    }
                }
                if (next == inOrder.size()) {
                    return this;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "no such line within " + seconds + " s; stderr:\n" + stderr() + "\nstdout:\n" + stdout());
    }

    /** Waits until stdout has lines matching each predicate, in this order. */
    @SafeVarargs
    final LauncherRun awaitStdoutInOrder(long seconds, Predicate<String>... lines) throws InterruptedException {
        return awaitStdout(List.of(lines), seconds);
    }

    /** After a trial's {@code n}th measurement iteration printed its score: the next one is running. */
    LauncherRun afterIteration(int n, long seconds) throws InterruptedException {
        return awaitStdout(l -> l.matches("Iteration +" + n + ": .*\\d.*"), seconds);
    }

    long pid() {
        return process.pid();
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Waits for the launcher to end; fails the test should it not within {@code seconds}. */
    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the launcher did not end within " + seconds + " s; stderr:\n" + stderr());
        }
        for (Thread t : readers) {
            t.join(5000);
        }
        return process.exitValue();
    }

    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    String stdout() {
        synchronized (stdout) {
            return String.join("\n", stdout);
        }
    }

    /** The stderr lines that report: ours, not JMH's "# ..." progress (which goes to stderr in passes). */
    List<String> reportLines() {
        return stderr().lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** The run folder's JMH JSON, if the run wrote one. */
    Optional<Path> resultJson() throws IOException {
        if (!Files.isDirectory(results)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(results)) {
            return files.filter(p -> p.getFileName().toString().equals("jmh-result.json"))
                    .findFirst();
        }
    }

    /** Processes this launcher started that are still alive: forks, a node, its watchdog. */
    static List<ProcessHandle> survivorsMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .toList();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
