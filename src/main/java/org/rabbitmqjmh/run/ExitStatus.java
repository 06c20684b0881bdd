package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.RunnerException;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.FileProblems;

/** What ended a launcher's run early: one line, and the exit status (2 for bad input, 1 for the rest). */
public final class ExitStatus {

    private ExitStatus() {}

    /** Prints the line for {@code e} and returns the status; {@code args} are the launcher's own. */
    public static int ofFailure(Exception e, String[] args, PrintStream err) {
        if (e instanceof BrokerException) {
            err.println("error: " + e.getMessage());
            return StopSignals.stopping() ? StopSignals.exitStatus() : 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof NoBenchmarksException) {
            err.println("error: no benchmark matches "
                    + firstPass(args).stream()
                            .filter(a -> !a.startsWith("-"))
                            .findFirst()
                            .map(p -> "'" + p + "'")
                            .orElse("the arguments")
                    + "; java -jar benchmarks.jar -l lists them");
            return 2;
        }
        if (e instanceof RunnerException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("error: "
                    + (cause.getMessage() != null
                            ? cause.getMessage()
                            : cause.getClass().getSimpleName()));
            return 1;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        }
        if (e instanceof IOException io) {
            err.println("error: " + FileProblems.reason(io));
            return 1;
        }
        if (e instanceof IllegalStateException) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /** The first pass's arguments, for naming a pattern nothing matched; empty when they do not parse. */
    private static List<String> firstPass(String[] args) {
        try {
            return LauncherArgs.parse(args).passes().get(0).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
