package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Uris;
import org.rabbitmqjmh.engine.timing.Csv;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/** What every program does the same way: exit codes, one-line errors, a progress line. */
final class Programs {

    static final int OK = 0;
    static final int RUNTIME_ERROR = 1;
    static final int USAGE_ERROR = 2;

    private Programs() {}

    /** Runs a program body: usage problems exit 2, runtime problems 1, each as one line without a stack trace. */
    static int guard(String name, PrintStream err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (UsageException | IllegalArgumentException e) {
            err.println(name + ": " + firstLine(e));
            return USAGE_ERROR;
        } catch (BrokerException | IllegalStateException | TimeoutException | IOException e) {
            err.println(name + ": " + firstLine(e));
            return RUNTIME_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return RUNTIME_ERROR;
        } catch (Exception e) {
            err.println(name + ": " + e.getClass().getSimpleName() + ": " + firstLine(e));
            return RUNTIME_ERROR;
        }
    }

    /** The message's first line, masked whole first: a password with a line break must not be cut in two. */
    private static String firstLine(Exception e) {
        Throwable t = e;
        String msg = t.getMessage();
        while (msg == null && t.getCause() != null) {
            t = t.getCause();
            msg = t.getMessage();
        }
        if (msg == null) {
            return e.getClass().getSimpleName();
        }
        String masked = Uris.mask(msg);
        return masked.lines().findFirst().orElse(masked);
    }

    /** The options the CSV programs (Producer, Consumer) share, declared once. */
    record CsvOptions(
            ProgramOptions.Option<String> socketIo,
            ProgramOptions.Option<Boolean> header,
            ProgramOptions.Option<Boolean> help) {

        static CsvOptions declare(ProgramOptions o) {
            return new CsvOptions(
                    Programs.socketIo(o),
                    o.flag("header", "print a CSV header line first"),
                    o.flag("help", "show this help"));
        }
    }

    static ProgramOptions.Option<String> socketIo(ProgramOptions o) {
        return o.choice("socket-io", "classic or netty", "classic", Set.of("classic", "netty"));
    }

    /**
     * Before the work: the CSV header, when asked for, so that stdout holds a valid CSV even when no row
     * follows (a consumer that received nothing). A stdout nobody reads any more (a closed pipe) shows
     * here, and the program stops before it publishes or consumes for nothing.
     */
    static void startCsv(PrintStream out, String first, String second, boolean header) throws IOException {
        if (header) {
            out.print(Csv.header(first, second));
            out.flush();
        }
        if (out.checkError()) {
            throw new IOException("cannot write the CSV to stdout: it is closed (did what reads it end?)");
        }
    }

    /** The rows of all threads to stdout, after the timed work; says on stderr when they are a sample. */
    static void writeCsv(
            String name, PrintStream out, PrintStream err, List<TimingRecorder.Rows> parts, String first, String second)
            throws IOException {
        TimingRecorder.Rows all = TimingRecorder.Rows.concat(parts);
        Csv.write(new OutputStreamWriter(out, StandardCharsets.UTF_8), all, first, second, false);
        // PrintStream keeps a failed write to itself: ask, or a closed pipe passes for success.
        if (out.checkError()) {
            throw new IOException(
                    "cannot write the CSV to stdout: it is closed or failing (" + all.size() + " rows lost)");
        }
        if (all.sampleEvery() > 1) {
            err.printf(
                    "%s: CSV holds one message in %d (recorder capacity %d rows per thread)%n",
                    name, all.sampleEvery(), TimingRecorder.DEFAULT_CAPACITY);
        }
    }

    /** Prints {@code line.get()} to stderr every second until closed. */
    static AutoCloseable progress(PrintStream err, Supplier<String> line) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(() -> err.println(line.get()), 1, 1, TimeUnit.SECONDS);
        return () -> {
            s.shutdownNow();
            s.awaitTermination(1, TimeUnit.SECONDS);
        };
    }
}
