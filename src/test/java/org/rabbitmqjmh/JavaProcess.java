package org.rabbitmqjmh;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of this project in a child JVM, to see what a user sees: exit code and output. */
public final class JavaProcess {

    public record Result(int exitCode, String stdout, String stderr, long millis) {}

    private JavaProcess() {}

    /**
     * What a child JVM of a test takes from the test's own: the nodes' start timeout the build gives
     * (pom.xml), so that a child starting nodes beside a running benchmark waits as long as the test would.
     */
    public static List<String> inherited() {
        String timeout = System.getProperty("rabbitmq.start.timeout");
        return timeout == null ? List.of() : List.of("-Drabbitmq.start.timeout=" + timeout);
    }

    public static Process start(List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(inherited());
        cmd.addAll(jvmArgs);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("RABBITMQ_URI");
        // An empty value removes the variable (RABBITMQ_BROKER, which the pom sets for the test JVM).
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb.start();
    }

    public static Result run(
            List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = start(jvmArgs, mainClass, args, env);
        p.getOutputStream().close();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Thread o = new Thread(() -> copy(p.getInputStream(), out));
        Thread e = new Thread(() -> copy(p.getErrorStream(), err));
        o.start();
        e.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(mainClass + " " + args + " did not finish within " + timeoutSeconds + " s");
        }
        o.join();
        e.join();
        return new Result(
                p.exitValue(),
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
