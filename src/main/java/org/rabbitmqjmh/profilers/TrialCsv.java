package org.rabbitmqjmh.profilers;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rabbitmqjmh.engine.timing.Csv;
import org.rabbitmqjmh.engine.timing.TimingRecorder;
import org.rabbitmqjmh.host.RunFolder;

/**
 * Writes a trial's per-message rows to {@code <run>/csv/<Benchmark.method>/<params>.fork-N.csv} (N: 1 for the first fork) after the
 * trial, and a {@code .meta.txt} beside it saying how many rows it holds and whether they are a sample.
 * {@code -Drabbitmqjmh.csv=false} turns it off.
 */
public final class TrialCsv {

    public static final String PROPERTY = "rabbitmqjmh.csv";

    private TrialCsv() {}

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }

    public static Path write(BenchmarkParams params, List<TimingRecorder.Rows> parts, String first, String second)
            throws IOException {
        Path trial = Path.of(HistogramLog.trialName(params));
        String file = trial.getFileName().toString();
        Path dir = Files.createDirectories(RunFolder.current().resolve("csv").resolve(trial.getParent()));
        // Forks of a trial run one after another, each writing its own file: number them in order.
        int fork = 1;
        while (Files.exists(dir.resolve(file + ".fork-" + fork + ".csv"))) {
            fork++;
        }
        file = file + ".fork-" + fork;
        Path csv = dir.resolve(file + ".csv");
        TimingRecorder.Rows rows = TimingRecorder.Rows.concat(parts);
        try (Writer w = Files.newBufferedWriter(csv)) {
            Csv.write(w, rows, first, second, true);
        }
        Files.writeString(
                dir.resolve(file + ".meta.txt"),
                String.format(
                        "rows=%d%nsample_every=%d%nnote=%s%n",
                        rows.size(),
                        rows.sampleEvery(),
                        rows.sampleEvery() == 1
                                ? "every message of the trial (warmup included)"
                                : "every " + rows.sampleEvery()
                                        + "-th message of the trial (warmup included): the recorder holds "
                                        + TimingRecorder.DEFAULT_CAPACITY + " rows per thread"));
        return csv;
    }
}
