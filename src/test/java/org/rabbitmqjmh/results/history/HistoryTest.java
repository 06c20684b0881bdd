package org.rabbitmqjmh.results.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rabbitmqjmh.results.SyntheticRun;

/** {@code history add|changes|report|export} on run folders shaped like the suite's. */
class HistoryTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int history(String... args) {
        out.reset();
        err.reset();
        return History.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * A run folder of one publish row (3 forks, 4 iterations, 2% fork noise) with a client CPU cost row;
     * {@code cpu} is that cost's level, so a step in it is a regression of a gated metric.
     */
    private Path run(int n, double throughput, double cpu, String kernel) throws IOException {
        Path folder = dir.resolve("runs").resolve(String.format("20261203T15%02d00Z-c%06d", n, n));
        SyntheticRun.writeRunFolder(
                folder,
                n,
                List.of(
                        SyntheticRun.Entry.throughput("org.rabbitmqjmh.PublishBenchmark.publish")
                                .params(Map.of("confirm", "unary"))
                                .shape(3, 4)
                                .mean(throughput)
                                .noise(0.01, 0.02),
                        SyntheticRun.Entry.averageTime("org.rabbitmqjmh.InMemoryPublishBenchmark.publish")
                                .shape(3, 4)
                                .mean(cpu)
                                .noise(0.01, 0.02)));
        Files.writeString(
                folder.resolve("environment.properties"),
                String.join(
                        "\n",
                        "cpu.model=AMD EPYC",
                        "cores=2",
                        "memory.total.bytes=25276071936",
                        "os=Linux " + kernel + " amd64",
                        "jdk=OpenJDK 64-Bit Server VM 17.0.15",
                        "broker.source=local",
                        "broker.version=3.10.8",
                        "cpus=CPUs\\: broker 0, benchmark JVMs 1",
                        "git.sha=c" + String.format("%06d", n),
                        "amqp-client.version=5.37.1",
                        ""));
        return folder;
    }

    private String historyDir() {
        return dir.resolve("history").toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "binary", "partial"})
    void anEnvironmentFileThatDoesNotNameItsMachineIsRefused(String shape) throws Exception {
        Path folder = run(1, 10_000, 100, "6.18-a");
        Path env = folder.resolve("environment.properties");
        switch (shape) {
            case "empty" -> Files.writeString(env, "");
            case "binary" -> Files.write(env, new byte[] {0, (byte) 0xff, 0x13, 0x37, (byte) 0x80, 0x0a, 0x7f});
            default -> Files.writeString(env, "cores=2\nos=Linux\n");
        }
        assertThat(history("add", folder.toString(), "--history", historyDir())).isEqualTo(2);
        assertThat(err())
                .contains("environment.properties ")
                .contains("expected an environment file written by " + "benchmarks.jar")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("history")).doesNotExist();
    }

    @Test
    void addAppendsOneRecordPerRunUnderTheMachinesFingerprint() throws Exception {
        assertThat(history("add", run(1, 10_000, 100, "6.18-a").toString(), "--history", historyDir()))
                .isZero();
        assertThat(out()).contains("record 1 (c000001", "a new machine: AMD EPYC, 2 cores, 24 GiB");
        assertThat(history(
                        "add",
                        run(2, 10_000, 100, "6.18-a").toString(),
                        "--history",
                        historyDir(),
                        "--label",
                        "5.30.0"))
                .isZero();
        assertThat(out()).contains("record 2 (5.30.0");
        HistoryStore store = new HistoryStore(dir.resolve("history"));
        String id = store.machine(null);
        List<HistoryRecord> records = store.records(id);
        assertThat(records).extracting(HistoryRecord::point).containsExactly("c000001", "5.30.0");
        assertThat(records.get(0).rows()).hasSize(2);
        assertThat(records.get(0).rows().get(0).forks()).hasSize(3);
        assertThat(records.get(0).date()).isEqualTo("2026-12-03T15:01:00Z");
    }

    @Test
    void anotherMachineIsKeptApartAndNeverReadAsOneSeries() throws Exception {
        history("add", run(1, 10_000, 100, "6.18-a").toString(), "--history", historyDir());
        String first = new HistoryStore(dir.resolve("history")).machine(null);
        assertThat(history(
                        "add", run(2, 10_000, 100, "6.18-b").toString(), "--history", historyDir(), "--machine", first))
                .isEqualTo(History.BAD_INPUT);
        assertThat(err())
                .contains("not " + first, "os: Linux 6.18-a amd64 vs Linux 6.18-b amd64", "never mixed")
                .doesNotContain("Exception")
                .hasLineCount(1);
        assertThat(history("add", run(3, 10_000, 100, "6.18-b").toString(), "--history", historyDir()))
                .isZero();
        assertThat(history("changes", "--history", historyDir())).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("holds 2 machines", "--machine").hasLineCount(1);
        assertThat(history("changes", "--history", historyDir(), "--machine", first))
                .isZero();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path run = run(1, 10_000, 100, "6.18-a");
        assertThat(history("add", run.toString(), "--history", historyDir())).isZero();
        assertThat(history("add", run.toString(), "--history", historyDir())).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("already in the history as record 1");
        assertThat(history("add", dir.resolve("nope").toString())).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("no such run folder");
        Path interleaved = dir.resolve("interleaved");
        Files.createDirectories(interleaved.resolve("base"));
        Files.createDirectories(interleaved.resolve("head"));
        assertThat(history("add", interleaved.toString())).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("interleaved comparison");
        assertThat(history("changes", "--history", historyDir(), "--p", "2")).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("--p 2 is not allowed");
        assertThat(history("changes", "--history", historyDir(), "--window", "x"))
                .isEqualTo(History.BAD_INPUT);
        assertThat(history("frobnicate")).isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("unknown command 'frobnicate'");
        assertThat(history("changes", "--history", dir.resolve("empty").toString()))
                .isEqualTo(History.BAD_INPUT);
        assertThat(err()).contains("holds no records yet");
        for (String line : err().split("\n")) {
            assertThat(line).startsWith("error: ");
        }
    }

    @Test
    void aRecentStepUpInAGatedCostFailsAndAStepUpInThroughputDoesNot() throws IOException {
        for (int n = 1; n <= 16; n++) {
            // the in-memory row's time per op 15% worse from record 12; the publish rate 15% better from 12
            assertThat(history(
                            "add",
                            run(n, n >= 12 ? 11_500 : 10_000, n >= 12 ? 115 : 100, "6.18-a")
                                    .toString(),
                            "--history",
                            historyDir()))
                    .isZero();
        }
        assertThat(history("changes", "--history", historyDir())).isEqualTo(History.REGRESSION);
        assertThat(out()).contains("c000011 → c000012", "regression", "improvement", "REGRESSION");
        // with the newest 3 points as "recent", the step (5 points back) has stood: no failure
        assertThat(history("changes", "--history", historyDir(), "--recent", "3"))
                .isZero();
    }

    @Test
    void aFlatHistoryReportsNoChange() throws IOException {
        for (int n = 1; n <= 14; n++) {
            history("add", run(n, 10_000, 100, "6.18-a").toString(), "--history", historyDir());
        }
        assertThat(history("changes", "--history", historyDir())).isZero();
        assertThat(out()).contains("0 change point(s)");
    }

    @Test
    void reportWritesAChartPerSeriesTheTableAndAnIndex() throws IOException {
        for (int n = 1; n <= 12; n++) {
            history("add", run(n, n >= 8 ? 8_000 : 10_000, 100, "6.18-a").toString(), "--history", historyDir());
        }
        assertThat(history("report", "--history", historyDir())).isZero();
        Path machine = Files.list(dir.resolve("history"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow();
        try (var charts = Files.list(machine.resolve("charts"))) {
            assertThat(charts.filter(p -> p.toString().endsWith(".png"))).hasSize(2);
        }
        assertThat(Files.readString(machine.resolve("index.html"))).contains("<img src=\"charts/001-", "regression");
        assertThat(Files.readString(machine.resolve("changes.md"))).contains("c000007 → c000008", "| regression |");
    }

    @Test
    void exportWritesBothGithubDirectionsAndBencher() throws IOException {
        Path run = run(1, 10_000, 100, "6.18-a");
        assertThat(history(
                        "export", run.toString(), "--out", dir.resolve("export").toString()))
                .isZero();
        var bigger = JsonParser.parseString(
                        Files.readString(dir.resolve("export/github-benchmark-bigger-is-better.json")))
                .getAsJsonArray();
        var smaller = JsonParser.parseString(
                        Files.readString(dir.resolve("export/github-benchmark-smaller-is-better.json")))
                .getAsJsonArray();
        assertThat(bigger).hasSize(1);
        assertThat(bigger.get(0).getAsJsonObject().get("unit").getAsString()).isEqualTo("ops/s");
        assertThat(bigger.get(0).getAsJsonObject().get("name").getAsString())
                .contains("PublishBenchmark.publish confirm=unary");
        assertThat(smaller).hasSize(1);
        assertThat(smaller.get(0).getAsJsonObject().get("unit").getAsString()).isEqualTo("us/op");
        var bencher = JsonParser.parseString(Files.readString(dir.resolve("export/bencher.json")))
                .getAsJsonObject();
        var publish = bencher.getAsJsonObject("PublishBenchmark.publish confirm=unary")
                .getAsJsonObject("throughput");
        assertThat(publish.get("lower_value").getAsDouble())
                .isLessThanOrEqualTo(publish.get("value").getAsDouble());
        assertThat(publish.get("upper_value").getAsDouble())
                .isGreaterThanOrEqualTo(publish.get("value").getAsDouble());
    }
}
