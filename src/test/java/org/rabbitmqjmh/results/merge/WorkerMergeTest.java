package org.rabbitmqjmh.results.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.TimeValue;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.profilers.HistogramLog;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

class WorkerMergeTest {

    private static final String RUN = "job-42";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theMergedRateIsTheSumOfTheWorkersAndTheMergedP99IsThatOfAllTheirHistogramsTogether() throws Exception {
        List<WorkerFixture> workers = List.of(
                WorkerFixture.of(0, 3, RUN, rates(10_000), confirm(new Random(0), 200_000)),
                WorkerFixture.of(1, 3, RUN, rates(12_000), confirm(new Random(1), 900_000)),
                WorkerFixture.of(2, 3, RUN, rates(9_000), confirm(new Random(2), 3_000_000)));
        List<String> folders = new ArrayList<>();
        for (WorkerFixture w : workers) {
            folders.add(w.write(dir.resolve("w" + w.index())).toString());
        }
        Path merged = dir.resolve("merged");

        int exit = merge(Stream.concat(Stream.of("--out", merged.toString()), folders.stream())
                .toArray(String[]::new));

        assertThat(exit).as(stderr()).isEqualTo(WorkerMerge.OK);
        List<JmhResult> rows = JmhJson.read(merged.resolve(WorkerMerge.MERGED_JSON), name -> true);
        JmhResult score = row(rows, "");
        assertThat(score.score())
                .isCloseTo(workers.stream().mapToDouble(WorkerFixture::score).sum(), within(1e-6));
        assertThat(score.samples()[1][2])
                .isCloseTo(workers.stream().mapToDouble(w -> w.rates()[1][2]).sum(), within(1e-6));
        Histogram union = new Histogram(3);
        workers.forEach(w -> union.add(w.confirmTotal()));
        assertThat(row(rows, "confirm.p99").score()).isEqualTo(Latency.micros(union, 99));
        assertThat(row(rows, "confirm.p50").score()).isEqualTo(Latency.micros(union, 50));
        assertThat(row(rows, "confirm.p99").score())
                .as("not an average of the workers' p99s")
                .isNotCloseTo(
                        workers.stream()
                                .mapToDouble(w -> Latency.micros(w.confirmTotal(), 99))
                                .average()
                                .orElseThrow(),
                        within(1.0));
        assertThat(row(rows, "broker.received").score()).isEqualTo(union.getTotalCount());
        assertThat(rows).noneMatch(r -> r.key().metric().equals("cost.client.cpu"));
        assertThat(Files.readString(merged.resolve(WorkerMerge.MERGED_MD)))
                .contains(
                        "| trial | workers |",
                        "| PublishBenchmark.publish confirm=async-window | 3 |",
                        "Not combined (no exact combination across workers): cost.client.cpu.");
        assertThat(stdout()).contains("PublishBenchmark.publish confirm=async-window", "confirm", "merged: ");
    }

    @Test
    void theLogsHistogramLogAppendsPerIterationAreWhatTheMergeReads() throws Exception {
        Path run = dir.resolve("run");
        WorkloadParams workload = new WorkloadParams();
        workload.put("confirm", "async-window", 0);
        IterationParams iterations = new IterationParams(IterationType.MEASUREMENT, 3, TimeValue.seconds(1), 1);
        BenchmarkParams params = new BenchmarkParams(
                WorkerFixture.BENCHMARK,
                "generated",
                false,
                1,
                new int[] {1},
                List.of(),
                1,
                0,
                iterations,
                iterations,
                Mode.Throughput,
                workload,
                TimeUnit.SECONDS,
                1,
                "java",
                List.of(),
                "17",
                "vm",
                "17",
                "1.37",
                TimeValue.minutes(10));
        Histogram[] intervals = confirm(new Random(7), 50_000)[0];
        String before = System.getProperty(RunFolder.PROPERTY);
        System.setProperty(RunFolder.PROPERTY, run.toString());
        try {
            for (Histogram h : intervals) {
                HistogramLog.append(params, "confirm", h);
            }
        } finally {
            if (before == null) {
                System.clearProperty(RunFolder.PROPERTY);
            } else {
                System.setProperty(RunFolder.PROPERTY, before);
            }
        }

        Path log = run.resolve("histograms/PublishBenchmark.publish/confirm=async-window,threads=1.confirm."
                + ProcessHandle.current().pid() + ".hlog");
        assertThat(Files.readAllLines(log))
                .filteredOn(l -> l.startsWith("#[Histogram log format version"))
                .hasSize(1);
        JsonObject entry = JsonParser.parseString("{\"benchmark\": \"" + WorkerFixture.BENCHMARK + "\","
                        + " \"mode\": \"thrpt\", \"threads\": 1, \"params\": {\"confirm\": \"async-window\"}}")
                .getAsJsonObject();
        Histogram expected = new Histogram(3);
        Stream.of(intervals).forEach(expected::add);
        assertThat(new WorkerFolder(run, 0, 1, RUN, Map.of()).latency(entry, "confirm"))
                .isEqualTo(expected);
    }

    @Test
    void foldersOfAnotherRunAreRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).runId("job-43").write(dir.resolve("b"));
        assertRefused(a, b, b + " is a worker of run job-43, " + a + " of run job-42; give the folders of one run");
    }

    @Test
    void aMissingWorkerIsNamed() throws Exception {
        WorkerFixture w = WorkerFixture.of(0, 3, RUN, rates(1000), confirm(new Random(1), 1000));
        Path a = w.write(dir.resolve("a"));
        Path c = w.index(2).write(dir.resolve("c"));
        assertRefused(a, c, a + " has worker.count=3 but 2 folder(s) were given; missing worker index(es) [1]");
    }

    @Test
    void aWorkerGivenTwiceIsRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(0, 1000, 1000).write(dir.resolve("b"));
        assertRefused(a, b, a + " and " + b + " are both worker 0 of run job-42");
    }

    @Test
    void workersThatRanOtherParamsAreRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).params(Map.of("confirm", "none")).write(dir.resolve("b"));
        assertRefused(a, b, b + " lacks PublishBenchmark.publish thrpt confirm=async-window, which " + a + " has");
    }

    @Test
    void timesPerOperationAreRefusedSinceTheyDoNotAddUp() throws Exception {
        Path a = worker(0, 1000, 1000).mode("avgt", "us/op").write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).mode("avgt", "us/op").write(dir.resolve("b"));
        assertRefused(
                a,
                b,
                a + ": PublishBenchmark.publish avgt confirm=async-window ran in mode avgt;"
                        + " only throughput (thrpt) scores add up");
    }

    @Test
    void differentUnitsAreRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).mode("thrpt", "ops/ms").write(dir.resolve("b"));
        assertRefused(
                a, b, b + ": PublishBenchmark.publish thrpt confirm=async-window is in ops/ms, but in ops/s in " + a);
    }

    @Test
    void aWorkerWithoutHistogramLogsIsRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).write(dir.resolve("b"), false);
        assertRefused(
                a,
                b,
                b + " measured confirm of PublishBenchmark.publish thrpt confirm=async-window but has no"
                        + " histograms");
    }

    @Test
    void aRunFolderWithoutWorkerKeysIsRefused() throws Exception {
        Path a = worker(0, 1000, 1000).write(dir.resolve("a"));
        Path b = worker(1, 1000, 1000).write(dir.resolve("b"));
        Files.writeString(b.resolve("environment.properties"), "cores=2\n");
        assertRefused(
                a, b, b.resolve("environment.properties") + " has no worker.count; expected a worker's run folder");
    }

    @Test
    void helpAndUnknownOptions() {
        assertThat(merge("--help")).isZero();
        assertThat(stdout()).startsWith("usage: WorkerMerge");
        assertThat(merge("--bogus", "x")).isEqualTo(WorkerMerge.BAD_INPUT);
        assertThat(stderr()).startsWith("error: unknown option '--bogus'");
    }

    private void assertRefused(Path a, Path b, String line) {
        int exit = merge("--out", dir.resolve("merged").toString(), a.toString(), b.toString());
        assertThat(exit).isEqualTo(WorkerMerge.BAD_INPUT);
        assertThat(stderr())
                .startsWith("error: " + line)
                .doesNotContain("Exception")
                .hasLineCount(1);
        assertThat(stdout()).isEmpty();
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    /** One of two workers: two forks of three iterations around {@code rate}, confirm latencies around {@code nanos}. */
    private static WorkerFixture worker(int index, double rate, long nanos) {
        return WorkerFixture.of(index, 2, RUN, rates(rate), confirm(new Random(index), nanos));
    }

    private static double[][] rates(double rate) {
        return new double[][] {{rate * 0.98, rate, rate * 1.03}, {rate * 1.01, rate * 0.99, rate * 1.02}};
    }

    private static Histogram[][] confirm(Random random, long nanos) {
        Histogram[][] h = new Histogram[2][3];
        for (int f = 0; f < 2; f++) {
            for (int i = 0; i < 3; i++) {
                h[f][i] = new Histogram(1, 60_000_000_000L, 3);
                for (int n = 0; n < 2_000; n++) {
                    h[f][i].recordValue((long) (nanos * Math.exp(0.5 * random.nextGaussian())));
                }
            }
        }
        return h;
    }

    private static JmhResult row(List<JmhResult> rows, String metric) {
        return rows.stream()
                .filter(r -> r.key().metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    private int merge(String... args) {
        out.reset();
        err.reset();
        return WorkerMerge.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
