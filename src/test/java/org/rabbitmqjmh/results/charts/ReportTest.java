package org.rabbitmqjmh.results.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun;
import org.rabbitmqjmh.results.SyntheticRun.Entry;

class ReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aRunWithSweptParamsGetsOneChartPerParamAndAnIndexPage() throws Exception {
        Path run = SyntheticRun.writeRunFolder(dir.resolve("run"), 1, sweep(10_000));

        assertThat(report(run.toString())).isZero();

        assertThat(pngs(run))
                .containsExactlyInAnyOrder(
                        "PublishOneBenchmark.publish-thrpt-by-size.png",
                        "PublishOneBenchmark.publish-thrpt-by-confirm.png");
        for (String png : pngs(run)) {
            assertThat(Files.readAllBytes(run.resolve("charts").resolve(png))).startsWith(PNG_SIGNATURE);
        }
        String index = Files.readString(run.resolve("index.html"));
        assertThat(index)
                .contains(
                        "<img src=\"charts/PublishOneBenchmark.publish-thrpt-by-size.png\"",
                        "<td>profile</td><td>full</td>");
    }

    @Test
    void perMessageCsvsGiveALatencyPercentileChart() throws Exception {
        Path run = SyntheticRun.writeRunFolder(dir.resolve("run"), 1, sweep(10_000));
        Path csvDir = Files.createDirectories(run.resolve("csv").resolve("PublishBenchmark.publish"));
        StringBuilder rows = new StringBuilder("id,sent_us,confirmed_us\n");
        for (int i = 0; i < 10_000; i++) {
            rows.append(i)
                    .append(',')
                    .append(1_000_000 + i)
                    .append(',')
                    .append(1_000_000 + i + 100 + i % 1000)
                    .append('\n');
        }
        Files.writeString(csvDir.resolve("confirm=unary.fork-1.csv"), rows);
        Files.writeString(csvDir.resolve("confirm=unary.fork-2.csv"), "id,sent_us,confirmed_us\n1,10,2010\n");
        Files.writeString(
                csvDir.resolve("confirm=none.csv"), "id,sent_us,confirmed_us\n1,5,\n"); // no confirms: skipped

        assertThat(report(run.toString())).isZero();

        assertThat(pngs(run)).contains("PublishBenchmark.publish-latency-percentiles.png");
        assertThat(Files.readString(run.resolve("index.html")))
                .contains("charts/PublishBenchmark.publish-latency-percentiles.png");
        var curves = LatencyCurves.read(run).get("PublishBenchmark.publish");
        assertThat(curves).hasSize(1);
        assertThat(curves.get(0).latencyMicros().getValueAtPercentile(50)).isBetween(595L, 605L);
        assertThat(curves.get(0).latencyMicros().getMaxValue()).isEqualTo(2000); // the forks' files are merged
        assertThat(curves.get(0).latencyMicros().getTotalCount()).isEqualTo(10_001);
    }

    @Test
    void percentileAxisLabels() {
        assertThat(LatencyCurves.percentileLabel(0)).isEqualTo("0%");
        assertThat(LatencyCurves.percentileLabel(1)).isEqualTo("90%");
        assertThat(LatencyCurves.percentileLabel(3)).isEqualTo("99.9%");
        assertThat(LatencyCurves.percentileLabel(4)).isEqualTo("99.99%");
        assertThat(LatencyCurves.percentileLabel(2.5)).isEmpty();
    }

    @Test
    void twoRunsAddAChangeChartToTheHeadFolder() throws Exception {
        Path base = SyntheticRun.writeRunFolder(dir.resolve("base"), 1, sweep(10_000));
        Path head = SyntheticRun.writeRunFolder(dir.resolve("head"), 2, sweep(9_000));

        assertThat(report(base.toString(), head.toString())).isZero();

        assertThat(pngs(head)).contains("compare-change.png");
        assertThat(Files.readString(head.resolve("index.html"))).contains("Compared with", "slower");
        assertThat(base.resolve("charts")).doesNotExist();
    }

    @Test
    void anInterleavedRunFolderGetsThePairedChangeChartAndItsHeadsCharts() throws Exception {
        Path run = dir.resolve("interleaved");
        SyntheticRun.writeRunFolder(run.resolve("base"), 1, sweep(10_000));
        SyntheticRun.writeRunFolder(run.resolve("head"), 2, sweep(9_000));

        assertThat(report(run.toString())).isZero();

        assertThat(pngs(run)).contains("compare-change.png").hasSizeGreaterThan(1);
        assertThat(Files.readString(run.resolve("index.html"))).contains("paired by round", "slower");
    }

    @Test
    void aRunWithoutSweptParamsStillGetsAnIndexPage() throws Exception {
        Path run = SyntheticRun.writeRunFolder(
                dir.resolve("run"),
                1,
                List.of(Entry.throughput("a.B.c"), Entry.averageTime("a.B.d").params(Map.of("size", "16"))));

        assertThat(report(run.toString())).isZero();

        assertThat(pngs(run)).isEmpty();
        assertThat(Files.readString(run.resolve("index.html"))).contains("nothing to chart", "B.d");
    }

    @Test
    void aMissingRunFolderExitsTwoWithOneLine() {
        assertThat(report(dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    }

    /** Size is numeric and charted on a log axis; confirm is a word and charted by category. */
    private static List<Entry> sweep(double mean) {
        List<Entry> entries = new ArrayList<>();
        for (String confirm : List.of("none", "async")) {
            for (String size : List.of("16", "1024", "65536")) {
                entries.add(Entry.throughput("org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.publish")
                        .shape(5, 5)
                        .mean(mean / Math.log(Integer.parseInt(size)))
                        .params(Map.of("confirm", confirm, "size", size)));
            }
        }
        return entries;
    }

    private int report(String... args) {
        return Report.run(
                args,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<String> pngs(Path run) throws Exception {
        Path charts = run.resolve("charts");
        if (!Files.isDirectory(charts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(charts)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".png"))
                    .toList();
        }
    }
}
