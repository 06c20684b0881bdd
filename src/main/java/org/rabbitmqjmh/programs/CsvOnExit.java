package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * A program's per-message CSV, written once on whichever way the program ends: after the work, on an
 * error (idle timeout, the broker gone) with the rows of every message handled so far, and on SIGINT or
 * SIGTERM from a shutdown hook. A message received and acknowledged is never missing from stdout.
 */
final class CsvOnExit implements AutoCloseable {

    private final String name;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<List<TimingRecorder.Rows>> rows;
    private final String first;
    private final String second;
    private final AtomicBoolean written = new AtomicBoolean();
    private final Thread hook;

    CsvOnExit(
            String name,
            PrintStream out,
            PrintStream err,
            Supplier<List<TimingRecorder.Rows>> rows,
            String first,
            String second) {
        this.name = name;
        this.out = out;
        this.err = err;
        this.rows = rows;
        this.first = first;
        this.second = second;
        this.hook = new Thread(this::writeQuietly, name + "-csv-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Writes the rows now, once; a failure to write is the caller's to report. */
    void write() throws IOException {
        if (written.compareAndSet(false, true)) {
            Programs.writeCsv(name, out, err, rows.get(), first, second);
            out.flush();
        }
    }

    private void writeQuietly() {
        try {
            if (!written.get()) {
                write();
                err.println(name + ": the CSV holds the messages handled before it ended early");
            }
        } catch (IOException | RuntimeException e) {
            err.println(name + ": " + e.getMessage());
        }
    }

    /** On the way out: the rows, if the work did not end normally; then the hook is no longer needed. */
    @Override
    public void close() {
        writeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran: it found the rows written
        }
    }
}
